/**
 * Asynchronous invocation of an FC 3.0 function: `POST /2023-03-30/functions/{name}/invocations` with
 * `x-fc-invocation-type: Async` (FC answers 202).
 *
 * Two clients, one path. @alicloud/fc2 is tried first: it signs only the FC 2.0 way (`FC ak:sig`), and whether
 * FC 3.0 accepts that on its 2023-03-30 paths is unverified. When FC refuses it (401/403, or a signature error:
 * nothing was queued), the same invocation is sent once through the official @alicloud/fc20230330 client
 * (ACS3-HMAC-SHA256), which is then used for the rest of the run. Which client worked is reported per call.
 *
 * Exactly once: every invocation carries a deterministic `x-fc-async-task-id`. With async tasks enabled on the
 * audit function, FC refuses a second submission of that id with 409, so a timeout, a reset or a malformed reply
 * (after which FC may or may not have queued it) can be retried safely, and 409 reads as "already queued".
 */
import { Readable } from 'node:stream';
import FC = require('@alicloud/fc2');
import { ApiCallError, fromCloudError } from '../collect/api-error';
import type { CloudCredentials } from '../collect/cloud-clients';
import { withRetry, type RetryPolicy } from '../util/retry';
import { INVOKE_API } from './apis';
import { fromFcError } from './fc-error';

export const FC_API_VERSION = '2023-03-30';

/** The client that carried an invocation. */
export type InvokerClient = 'fc2' | 'fc20230330';

export interface InvokeResult {
  requestId?: string;
  via: InvokerClient;
  /** FC refused the task id as a duplicate (409): an earlier attempt of this run queued it. */
  alreadyQueued: boolean;
}

/** What a synchronous invocation returned: the function's answer, and the client that carried it. */
export interface SyncResult {
  requestId?: string;
  via: InvokerClient;
  body: string;
}

export interface AsyncInvoker {
  /** Queues one invocation of `functionName` with `payload` as its event, under the async task id `taskId`. */
  invokeAsync(functionName: string, payload: string, taskId: string): Promise<InvokeResult>;
  /** Runs `functionName` synchronously (the doctor's ping), with the same client choice; resolves with its answer. */
  invokeSync(functionName: string, payload: string): Promise<SyncResult>;
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

/** Async under a task id, or sync. */
type Mode = { type: 'Async'; taskId: string } | { type: 'Sync' };

/** Sends one invocation; throws an ApiCallError. */
type Send = (functionName: string, payload: string, mode: Mode) => Promise<{ requestId?: string; body: string }>;

const SIGNATURE_CODES = /Signature|IncompleteSignature|InvalidAuthorization|MissingRequiredHeader|InvalidAccessKeyI[dD]/;

/** FC refused the request at authentication: whatever the cause, nothing was queued, so the other client may try. */
function isAuthRefusal(err: ApiCallError): boolean {
  const { httpStatus, code } = err.failure;
  return httpStatus === 401 || httpStatus === 403 || (httpStatus === 400 && SIGNATURE_CODES.test(code));
}

/** A function error comes back as a success status with `x-fc-error-type`; neither client throws for it. */
function checkFunctionError(headers: Record<string, unknown>, requestId: string | undefined): void {
  const errorType = headers['x-fc-error-type'];
  if (typeof errorType === 'string' && errorType !== '') {
    throw new ApiCallError({ api: INVOKE_API, code: errorType, message: 'Function Compute reported a function error', requestId }, false);
  }
}

const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function fc2Sender(o: FcInvokerOptions): Send {
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
  // fc2 builds its paths from `version`: this sends to the FC 3.0 path with fc2's signature.
  client.version = FC_API_VERSION;
  return async (functionName, payload, mode) => {
    try {
      const res = await client.post(
        `/functions/${encodeURIComponent(functionName)}/invocations`,
        payload,
        mode.type === 'Async' ? { 'x-fc-invocation-type': 'Async', 'x-fc-async-task-id': mode.taskId } : { 'x-fc-invocation-type': 'Sync' },
      );
      const requestId = asString(res.headers['x-fc-request-id']);
      checkFunctionError(res.headers, requestId);
      return { requestId, body: bodyText(res.data) };
    } catch (err) {
      throw fromFcError(INVOKE_API, err);
    }
  };
}

function acs3Sender(o: FcInvokerOptions): Send {
  const url = new URL(o.endpoint ?? `https://${o.accountId}.${o.region}.fc.aliyuncs.com`);
  // Loaded on first use: runs whose FC accepts fc2 never pay for the Tea SDK's load time.
  const client = import('@alicloud/fc20230330').then((m) => {
    type Config = ConstructorParameters<typeof m.default>[0];
    const config = {
      accessKeyId: o.credentials.accessKeyId,
      accessKeySecret: o.credentials.accessKeySecret,
      securityToken: o.credentials.securityToken,
      regionId: o.region,
      endpoint: url.host,
      protocol: url.protocol.replace(':', ''),
    } as Config;
    return { sdk: m, client: new m.default(config) };
  });
  return async (functionName, payload, mode) => {
    const { sdk, client: c } = await client;
    try {
      const res = await c.invokeFunctionWithOptions(
        functionName,
        new sdk.InvokeFunctionRequest({ body: Readable.from([Buffer.from(payload, 'utf8')]) }),
        new sdk.InvokeFunctionHeaders(mode.type === 'Async' ? { xFcInvocationType: 'Async', xFcAsyncTaskId: mode.taskId } : { xFcInvocationType: 'Sync' }),
        { readTimeout: o.timeoutMs, connectTimeout: o.timeoutMs, autoretry: false } as Parameters<typeof c.invokeFunctionWithOptions>[3],
      );
      const headers = res.headers ?? {};
      const requestId = asString(headers['x-fc-request-id']);
      checkFunctionError(headers, requestId);
      return { requestId, body: res.body ? await readAll(res.body) : '' };
    } catch (err) {
      throw fromCloudError(INVOKE_API, err);
    }
  };
}

/** An invoker that starts with fc2, falls back once to the FC 3.0 SDK when FC refuses fc2's signature, and keeps what worked. */
export function createFcInvoker(o: FcInvokerOptions): AsyncInvoker {
  const senders: Record<InvokerClient, () => Send> = { fc2: lazy(() => fc2Sender(o)), fc20230330: lazy(() => acs3Sender(o)) };
  let active: InvokerClient = 'fc2';

  /** One attempt through the active client; on fc2's refusal, the same request once through the FC 3.0 SDK. */
  async function once(functionName: string, payload: string, mode: Mode): Promise<{ requestId?: string; body: string; via: InvokerClient }> {
    const via = active;
    try {
      return { ...(await senders[via]()(functionName, payload, mode)), via };
    } catch (raw) {
      const err = raw instanceof ApiCallError ? raw : fromCloudError(INVOKE_API, raw);
      if (via !== 'fc2' || !isAuthRefusal(err)) throw err;
      try {
        const result = await senders.fc20230330()(functionName, payload, mode);
        active = 'fc20230330';
        return { ...result, via: 'fc20230330' };
      } catch (fallbackRaw) {
        const fallback = fallbackRaw instanceof ApiCallError ? fallbackRaw : fromCloudError(INVOKE_API, fallbackRaw);
        // Any answer but an auth refusal means FC accepted the SDK's signature: keep that client.
        if (!isAuthRefusal(fallback)) active = 'fc20230330';
        throw fallback;
      }
    }
  }

  const normalise = (api: string, e: unknown) => (e instanceof ApiCallError ? e : fromCloudError(api, e));
  return {
    invokeAsync: (functionName, payload, taskId) =>
      withRetry(INVOKE_API, o.retry, normalise, async () => {
        try {
          const { requestId, via } = await once(functionName, payload, { type: 'Async', taskId });
          return { requestId, via, alreadyQueued: false };
        } catch (raw) {
          const err = normalise(INVOKE_API, raw);
          // 409: FC refused the task id as a duplicate, so an earlier attempt queued it.
          if (err.failure.httpStatus === 409) return { requestId: err.failure.requestId, via: active, alreadyQueued: true };
          throw err;
        }
      }),
    // A sync invocation is not de-duplicated: it is tried once (the doctor's ping has no side effect to repeat).
    invokeSync: async (functionName, payload) => {
      try {
        return await once(functionName, payload, { type: 'Sync' });
      } catch (raw) {
        throw normalise(INVOKE_API, raw);
      }
    },
  };
}

/** fc2's `data`: a string, a Buffer, or the parsed JSON of an application/json answer. */
function bodyText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return data === undefined || data === null ? '' : JSON.stringify(data);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks).toString('utf8');
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
