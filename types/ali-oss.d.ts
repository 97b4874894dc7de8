// The part of ali-oss 6.23 ack-drift calls (the package ships no types). Signatures from its lib/ sources.
declare module 'ali-oss' {
  import type { Agent } from 'node:http';

  namespace OSS {
    interface Options {
      accessKeyId: string;
      accessKeySecret: string;
      stsToken?: string;
      /** Called before a request once `refreshSTSTokenInterval` has passed; returns the current credentials. */
      refreshSTSToken?: () => Promise<{ accessKeyId: string; accessKeySecret: string; stsToken: string }>;
      refreshSTSTokenInterval?: number;
      bucket?: string;
      /** `oss-cn-hangzhou`: also the V4 signing region (without its `oss-` prefix). */
      region?: string;
      endpoint?: string;
      internal?: boolean;
      secure?: boolean;
      timeout?: number | string;
      authorizationV4?: boolean;
      agent?: Agent;
      retryMax?: number;
    }
    interface ResponseInfo {
      status: number;
      headers: Record<string, string>;
    }
    interface ListV2Result {
      objects?: { name: string; lastModified: string; size: number; etag: string }[];
      prefixes?: string[];
      isTruncated: boolean;
      nextContinuationToken?: string;
      keyCount: number;
      res: ResponseInfo;
    }
    interface ListV2Query {
      prefix?: string;
      delimiter?: string;
      'max-keys'?: number | string;
      'continuation-token'?: string;
      'start-after'?: string;
    }
  }

  class OSS {
    constructor(options: OSS.Options);
    put(name: string, content: Buffer, options?: { headers?: Record<string, string>; mime?: string; timeout?: number }): Promise<{ name: string; res: OSS.ResponseInfo }>;
    get(name: string, options?: { timeout?: number }): Promise<{ content: Buffer; res: OSS.ResponseInfo }>;
    head(name: string, options?: { timeout?: number }): Promise<{ status: number; res: OSS.ResponseInfo }>;
    delete(name: string, options?: { timeout?: number }): Promise<{ res: OSS.ResponseInfo }>;
    listV2(query?: OSS.ListV2Query, options?: { timeout?: number }): Promise<OSS.ListV2Result>;
    signatureUrl(name: string, options?: { expires?: number; method?: string }): string;
    signatureUrlV4(method: string, expires: number, request?: { headers?: Record<string, string>; queries?: Record<string, string> }, objectName?: string): Promise<string>;
  }

  export = OSS;
}
