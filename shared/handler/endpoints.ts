/** Endpoints of a region, with the ACK_DRIFT_ENDPOINT_* overrides applied (how tests point handlers at the simulators). */
import { regionEndpoints, type CloudEndpoints } from '../collect/cloud-clients';
import type { EndpointOverrides } from '../config/function-config';

/** VPC, ECS, RAM, ResourceManager and CS endpoints for `region`. */
export function cloudEndpoints(region: string, overrides: EndpointOverrides): CloudEndpoints {
  const e = regionEndpoints(region);
  return { vpc: overrides.vpc ?? e.vpc, ecs: overrides.ecs ?? e.ecs, ram: overrides.ram ?? e.ram, resourcemanager: overrides.resourcemanager ?? e.resourcemanager, cs: overrides.cs ?? e.cs };
}
