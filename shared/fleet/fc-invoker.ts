/**
 * Asynchronous invocation of an FC 3.0 function through @alicloud/fc2.
 *
 * Path choice: fc2's `invokeFunction` speaks API 2016-08-15 and needs a service, which FC 3.0 functions (deployed
 * by the fc3 component) do not have; reaching a 3.0 function that way is unverified. fc2 signs any path under
 * `/<client.version>`, and devsapp/fc3 itself sets `version = '2023-03-30'` for raw calls, so this posts to
 * `POST /2023-03-30/functions/{name}/invocations` with `x-fc-invocation-type: Async` (FC answers 202).
 *
 * The POST is not idempotent: FC queues every one it accepts. So only a clear rejection is retried (fc-error.ts
 * isClearRejection); after a timeout, a reset or a malformed reply FC may have queued the audit already, and a
 * second POST would run it twice.
 */
import FC = require('@alicloud/fc2');
import type { CloudCredentials } from '../collect/cloud-clients';
import { ApiCallError } from '../collect/api-error';
import { withRetry, type RetryPolicy } from '../collect/retry';
import { INVOKE_API } from './apis';
import { fromFcError, isClearRejection } from './fc-error';

export const FC_API_VERSION = '2023-03-30';

export interface AsyncInvoker {
  /** Queues one invocation of `functionName` with `payload` as its event; resolves with FC's request id. */
  invokeAsync(functionName: string, payload: string): Promise<{ requestId?: string }>;
}

export interface FcInvokerOptions {
  accountId: string;
  region: string;
  credentials: CloudCredentials;
  /** Overrides `https://<account>.<region>.fc.aliyuncs.com` (tests point it at the simulator). */
  endpoint?: string;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** An fc2 error as the invoker treats it: retryable only when FC clearly refused the request. */
function fromInvokeError(api: string, err: unknown): ApiCallError {
  const e = fromFcError(api, err);
  if (!e.retryable || isClearRejection(e)) return e;
  return new ApiCallError({ ...e.failure, message: `${e.failure.message}; not retried, as Function Compute may have queued the invocation` }, false);
}

/** An invoker on an fc2 client set to the FC 3.0 API; retries clear rejections (throttling, FC's 5xx) within the retry policy. */
export function createFcInvoker(o: FcInvokerOptions): AsyncInvoker {
  const client = new FC(o.accountId, {
    accessKeyID: o.credentials.accessKeyId,
    accessKeySecret: o.credentials.accessKeySecret,
    // fc2 sends the token only for `STS.` keys; FC-issued role credentials always are.
    securityToken: o.credentials.securityToken,
    region: o.region,
    endpoint: o.endpoint,
    secure: true,
    timeout: o.timeoutMs,
  });
  client.version = FC_API_VERSION;
  return {
    invokeAsync: (functionName, payload) =>
      withRetry(INVOKE_API, o.retry, fromInvokeError, async () => {
        const res = await client.post(`/functions/${encodeURIComponent(functionName)}/invocations`, payload, { 'x-fc-invocation-type': 'Async' });
        const requestId = res.headers['x-fc-request-id'];
        // A function error comes back as a success status with this header; fc2 does not throw for it.
        const errorType = res.headers['x-fc-error-type'];
        if (errorType) throw new ApiCallError({ api: INVOKE_API, code: errorType, message: 'Function Compute reported a function error', requestId }, false);
        return { requestId };
      }),
  };
}
