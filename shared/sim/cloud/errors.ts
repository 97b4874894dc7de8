/** API errors as the real services write them: one error type, three body formats (RPC, ROA, FC). */
import type { FaultEffect } from '../faults';
import type { JsonObject } from './json';

/** The RAM code of each simulated product, also the prefix of `calls` keys and of `deniedActions`. */
export type ProductCode = 'vpc' | 'ecs' | 'ram' | 'resourcemanager' | 'cs' | 'fc';

/** An error answer: HTTP status, API error code and message, plus the `AccessDeniedDetail` of RAM denials. */
export class CloudError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly accessDeniedDetail?: JsonObject,
  ) {
    super(message);
    this.name = 'CloudError';
  }
}

const KNOWN_MESSAGES: Record<string, string> = {
  'Throttling.User': 'Request was denied due to user flow control.',
  Throttling: 'Request was denied due to request throttling.',
  ServiceUnavailable: 'The request has failed due to a temporary failure of the server.',
  InternalError: 'The request processing has failed due to some unknown error, exception or failure.',
  'Forbidden.RAM': "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'InvalidParameter',
  403: 'Forbidden',
  404: 'InvalidAction.NotFound',
  429: 'Throttling.User',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** The error a fault rule's `status`/`code`/`message` describe, with defaults for the parts it leaves out. */
export function faultError(effect: FaultEffect): CloudError {
  const status = effect.status ?? 400;
  const code = effect.code ?? CODE_BY_STATUS[status] ?? 'UnknownError';
  return new CloudError(status, code, effect.message ?? (Object.hasOwn(KNOWN_MESSAGES, code) ? KNOWN_MESSAGES[code] : code));
}

/** 400 MissingParameter for a required parameter that is absent or empty. */
export function missingParameter(name: string): CloudError {
  return new CloudError(400, 'MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
}

/** 400 InvalidParameter for a value out of its documented range or of the wrong type. */
export function invalidParameter(name: string): CloudError {
  return new CloudError(400, 'InvalidParameter', `The specified parameter "${name}" is not valid.`);
}

/** 400 Throttling.User: the per-API QPS budget is spent. */
export function throttled(): CloudError {
  return new CloudError(400, 'Throttling.User', KNOWN_MESSAGES['Throttling.User']);
}

/** 500 InternalError, for a simulator bug: the client sees what a real server failure looks like. */
export function internalError(): CloudError {
  return new CloudError(500, 'InternalError', KNOWN_MESSAGES.InternalError);
}

/** 403 Forbidden.RAM with its AccessDeniedDetail. */
export function forbiddenRam(accessDeniedDetail: JsonObject): CloudError {
  return new CloudError(403, 'Forbidden.RAM', KNOWN_MESSAGES['Forbidden.RAM'], accessDeniedDetail);
}

const RECOMMEND_PRODUCT: Record<ProductCode, string> = { vpc: 'Vpc', ecs: 'Ecs', ram: 'Ram', resourcemanager: 'ResourceManager', cs: 'CS', fc: 'FC' };

/** The endpoint host a real answer names in `HostId` (VPC in cn-hangzhou is the central endpoint). */
function hostId(product: ProductCode, region: string): string {
  if (product === 'ram' || product === 'resourcemanager') return `${product}.aliyuncs.com`;
  if (product === 'vpc' && region === 'cn-hangzhou') return 'vpc.aliyuncs.com';
  return `${product}.${region}.aliyuncs.com`;
}

/** The RPC error body: `{RequestId, HostId, Code, Message, Recommend[, AccessDeniedDetail]}`. */
export function rpcErrorBody(err: CloudError, requestId: string, product: ProductCode | undefined, region: string): JsonObject {
  // Before the product is known (no or unknown Version) there is no product-specific host to name.
  const productParam = product ? `&product=${RECOMMEND_PRODUCT[product]}` : '';
  return {
    RequestId: requestId,
    HostId: product ? hostId(product, region) : 'aliyuncs.com',
    Code: err.code,
    Message: err.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}${productParam}&requestId=${requestId}`,
    AccessDeniedDetail: err.accessDeniedDetail,
  };
}

/** The ROA (Container Service) error body: pop-core's ROAClient reads `Code`, `Message` and `RequestId`. */
export function roaErrorBody(err: CloudError, requestId: string): JsonObject {
  return { Code: err.code, Message: err.message, RequestId: requestId, AccessDeniedDetail: err.accessDeniedDetail };
}

/**
 * The Function Compute error body. API 2016-08-15 answers `ErrorCode`/`ErrorMessage` (what `@alicloud/fc2` reads);
 * API 2023-03-30 documents its Error structure as `Code`/`Message`/`RequestId` (what `@alicloud/fc20230330` reads),
 * so fc2 on a 3.0 path sees no code, only the status.
 */
export function fcErrorBody(err: CloudError, fc3RequestId?: string): JsonObject {
  if (fc3RequestId !== undefined) return { Code: err.code, Message: err.message, RequestId: fc3RequestId };
  return { ErrorCode: err.code, ErrorMessage: err.message };
}
