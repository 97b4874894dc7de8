// The Alibaba Cloud client libraries ship no (or partial) type declarations; these cover what the project calls.
declare module '@alicloud/fc2' {
  interface FCClientConfig {
    accessKeyID: string;
    accessKeySecret: string;
    securityToken?: string;
    region: string;
    endpoint?: string;
    timeout?: number;
    secure?: boolean;
    internal?: boolean;
    headers?: Record<string, string>;
  }
  class FCClient {
    constructor(accountID: string, config: FCClientConfig);
    version: string;
    invokeFunction(
      serviceName: string,
      functionName: string,
      event: string | Buffer,
      headers?: Record<string, string>,
      qualifier?: string,
    ): Promise<{ headers: Record<string, string>; data: unknown }>;
    post(path: string, body: string | Buffer, headers?: Record<string, string>, queries?: Record<string, string> | null, opts?: Record<string, unknown>): Promise<{ headers: Record<string, string>; data: unknown }>;
  }
  export = FCClient;
}

declare module '@alicloud/pop-core/lib/roa' {
  interface ROAClientConfig {
    endpoint: string;
    apiVersion: string;
    accessKeyId: string;
    accessKeySecret: string;
    securityToken?: string;
    opts?: Record<string, unknown>;
  }
  class ROAClient {
    constructor(config: ROAClientConfig);
    endpoint: string;
    request(method: string, uriPattern: string, query?: Record<string, unknown>, body?: string, headers?: Record<string, string>, opts?: Record<string, unknown>): Promise<unknown>;
    get(path: string, query?: Record<string, unknown>, headers?: Record<string, string>, opts?: Record<string, unknown>): Promise<unknown>;
  }
  export = ROAClient;
}
