/** The contract between the RPC front end and the product modules (vpc.ts, ecs.ts, ram.ts). */
import type { SimContext } from './context';
import type { ProductCode } from './errors';
import type { JsonObject } from './json';
import type { RpcParams } from './rpc-params';

/** One RPC action: whether it takes `RegionId`, and the body it answers (RequestId is added by the front end). */
export interface RpcAction {
  /** `required`: VPC and ECS actions; `optional`: checked only when sent; `none`: RAM is a global service. */
  region: 'required' | 'optional' | 'none';
  handle(ctx: SimContext, params: RpcParams): JsonObject;
}

/** A product served over RPC, selected by its API `Version`. */
export interface RpcProduct {
  code: ProductCode;
  version: string;
  actions: Readonly<Record<string, RpcAction>>;
}
