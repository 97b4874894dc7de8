/** Builds the pop-core clients for VPC, ECS, RAM, ResourceManager (RPC) and CS (ROA) from credentials and endpoints. */
import RPCClient = require('@alicloud/pop-core');
import ROAClient = require('@alicloud/pop-core/lib/roa');

export interface CloudCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface CloudEndpoints {
  vpc: string;
  ecs: string;
  ram: string;
  /** ResourceManager (resource-group policy attachments, Resource Directory control policies): a central service. */
  resourcemanager: string;
  cs: string;
}

export interface CloudClients {
  vpc: RPCClient;
  ecs: RPCClient;
  ram: RPCClient;
  resourcemanager: RPCClient;
  cs: ROAClient;
}

/** The public endpoints of a region (regional VPC/ECS/CS, central RAM and ResourceManager: docs/architecture.md, "Cloud APIs"). */
export function regionEndpoints(region: string): CloudEndpoints {
  return {
    vpc: region === 'cn-hangzhou' ? 'https://vpc.aliyuncs.com' : `https://vpc.${region}.aliyuncs.com`,
    ecs: `https://ecs.${region}.aliyuncs.com`,
    ram: 'https://ram.aliyuncs.com',
    resourcemanager: 'https://resourcemanager.aliyuncs.com',
    cs: `https://cs.${region}.aliyuncs.com`,
  };
}

/** Creates the five clients; `timeoutMs` bounds each request (pop-core's default is 3 s). */
export function createCloudClients(creds: CloudCredentials, endpoints: CloudEndpoints, timeoutMs: number): CloudClients {
  const base = { accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret, securityToken: creds.securityToken, opts: { timeout: timeoutMs } };
  return {
    vpc: new RPCClient({ ...base, endpoint: endpoints.vpc, apiVersion: '2016-04-28' }),
    ecs: new RPCClient({ ...base, endpoint: endpoints.ecs, apiVersion: '2014-05-26' }),
    ram: new RPCClient({ ...base, endpoint: endpoints.ram, apiVersion: '2015-05-01' }),
    resourcemanager: new RPCClient({ ...base, endpoint: endpoints.resourcemanager, apiVersion: '2020-03-31' }),
    cs: new ROAClient({ ...base, endpoint: endpoints.cs, apiVersion: '2015-12-15' }),
  };
}
