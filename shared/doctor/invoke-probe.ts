/** The doctor's invocation check: a synchronous ping of the audit function, through the client dispatch would use. */
import { ApiCallError, fromCloudError } from '../collect/api-error';
import type { AsyncInvoker } from '../fleet/fc-invoker';
import { invokeFix } from './fixes';
import type { DoctorItem } from './item';
import { isPong, PING_EVENT } from './ping';

/** Pings `functionName`; ok only when it answers the ping, naming the client whose signature FC accepted. */
export async function probeInvoke(invoker: AsyncInvoker, functionName: string, functionArn: string): Promise<DoctorItem> {
  const id = `invoke:${functionName}`;
  try {
    const r = await invoker.invokeSync(functionName, PING_EVENT);
    if (isPong(r.body)) return { id, status: 'ok', detail: `round trip through ${r.via} (request id ${r.requestId ?? 'none'})` };
    return {
      id,
      status: 'fail',
      detail: `Function Compute ran ${functionName} through ${r.via}, but it did not answer the ping`,
      fix: `point ACK_DRIFT_AUDIT_FUNCTION at ack-drift's audit function and redeploy it (s deploy)`,
    };
  } catch (raw) {
    const e = raw instanceof ApiCallError ? raw : fromCloudError(id, raw);
    const { code, message, httpStatus, requestId } = e.failure;
    const detail = `${code}: ${message}${requestId ? ` (request id ${requestId})` : ''}`;
    if (httpStatus === 403) return { id, status: 'fail', detail, fix: invokeFix(functionArn) };
    if (httpStatus === 404) return { id, status: 'fail', detail, fix: `deploy the audit function (s deploy) or set ACK_DRIFT_AUDIT_FUNCTION to its name` };
    return { id, status: 'fail', detail, fix: 'check the Function Compute endpoint and the network path to it, then run doctor again' };
  }
}
