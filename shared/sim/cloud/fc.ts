/** Function Compute invocations (API 2016-08-15 services and 2023-03-30 functions), recorded for tests. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultEffect } from '../faults';
import { denial } from './access';
import { authenticate } from './auth';
import { countCall, type SimContext } from './context';
import { CloudError, faultError, fcErrorBody, throttled } from './errors';
import { authenticateAcs3, isAcs3 } from './acs3-auth';
import { fcSign, fcStringToSign } from './fc-signature';
import { flatHeaders, headerValue } from './headers';
import { toJson } from './json';
import { admit, asCloudError, isErrorFault, JSON_HEADERS, send } from './respond';
import { parseForm } from './query';

/** The path prefixes Function Compute answers on. */
export const FC_PREFIXES = ['/2016-08-15/', '/2023-03-30/'];

const API = 'fc:InvokeFunction';

interface Target {
  service?: string;
  functionName: string;
  qualifier?: string;
}

function target(path: string, query: ReadonlyMap<string, string>): Target | undefined {
  const v2 = /^\/2016-08-15\/services\/([^/]+)\/functions\/([^/]+)\/invocations$/.exec(path);
  if (v2) {
    const [service, qualifier] = v2[1].split(/\.(.*)/s);
    return { service, functionName: v2[2], qualifier: qualifier || undefined };
  }
  const v3 = /^\/2023-03-30\/functions\/([^/]+)\/invocations$/.exec(path);
  return v3 ? { functionName: v3[1], qualifier: query.get('qualifier') || undefined } : undefined;
}

const FC3_PREFIX = '/2023-03-30/';

/** The FC 2.0 scheme (`FC ak:sig`, @alicloud/fc2), refused on 2023-03-30 paths when the scenario says FC 3.0 does. */
function authenticateFc2(ctx: SimContext, req: IncomingMessage, method: string, path: string): void {
  if (path.startsWith(FC3_PREFIX) && ctx.scenario.cloud.functionCompute?.fc2Signature === 'refuse') {
    throw new CloudError(403, 'SignatureNotMatch', 'The request signature we calculated does not match the signature you provided. Check your access key and signing method');
  }
  const auth = /^FC ([^:\s]+):(\S+)$/.exec(headerValue(req.headers, 'authorization'));
  const date = headerValue(req.headers, 'date');
  const token = headerValue(req.headers, 'x-fc-security-token');
  authenticate(
    ctx,
    {
      accessKeyId: auth?.[1],
      signature: auth?.[2],
      stringToSign: fcStringToSign(method, path, req.headers),
      sign: fcSign,
      time: date ? { value: date, name: 'date', format: 'http-date' } : undefined,
      securityToken: token || undefined,
    },
    'fc',
  );
}

/** Authenticates by the scheme the Authorization header names: ACS3 on 2023-03-30 paths, else FC 2.0. */
function authenticateFc(ctx: SimContext, req: IncomingMessage, method: string, path: string, rawQuery: string, body: string): void {
  if (isAcs3(req) && path.startsWith(FC3_PREFIX)) authenticateAcs3(ctx, req, { method, path, rawQuery, body }, 'fc');
  else authenticateFc2(ctx, req, method, path);
}

/**
 * FC refuses a second async submission with an accepted task id (task de-duplication) with 409; the error code is
 * not documented, the status is.
 */
function claimAsyncTask(ctx: SimContext, t: Target, taskId: string): void {
  if (!taskId || ctx.scenario.cloud.functionCompute?.asyncTask === false) return;
  const key = `${t.functionName}/${taskId}`;
  if (ctx.fcAsyncTasks.has(key)) throw new CloudError(409, 'AsyncTaskAlreadyExists', `async task '${taskId}' already exists`);
  ctx.fcAsyncTasks.add(key);
}

/** FC's own denial: 403 AccessDenied naming the action and the function's ARN. */
function accessDenied(ctx: SimContext, t: Target): CloudError {
  const fn = t.service ? `services/${t.service}${t.qualifier ? `.${t.qualifier}` : ''}/functions/${t.functionName}` : `functions/${t.functionName}`;
  const arn = `acs:fc:${ctx.scenario.region}:${ctx.scenario.accountId}:${fn}`;
  return new CloudError(403, 'AccessDenied', `the caller is not authorized to perform '${API}' on resource '${arn}'`);
}

/** Answers one Function Compute request; every function name is accepted (the scenario has no FC section). */
export async function serveFc(ctx: SimContext, req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const requestId = ctx.requestIds.next();
  const headers = { 'x-fc-request-id': requestId };
  let effect: FaultEffect | undefined;
  const [path, rawQuery = ''] = (req.url ?? '/').split('?');
  try {
    const t = method === 'POST' ? target(path, parseForm(rawQuery)) : undefined;
    if (!t) throw new CloudError(400, 'PathNotSupported', `'${method}' against '${path}' is not supported`);
    countCall(ctx, API);
    const admission = await admit(req, [ctx.fcFaults, ctx.faults], { action: 'InvokeFunction', method, path, page: 1 });
    if (admission.finished) return;
    effect = admission.effect;
    if (isErrorFault(effect)) throw faultError(effect);
    authenticateFc(ctx, req, method, path, rawQuery, body);
    if (!ctx.throttle.take(API, ctx.now().getTime())) throw throttled();
    if (denial(ctx, API)) throw accessDenied(ctx, t);
    const invocationType = headerValue(req.headers, 'x-fc-invocation-type').toLowerCase() === 'async' ? 'Async' : 'Sync';
    const fn = ctx.fcFunctions ? (Object.hasOwn(ctx.fcFunctions, t.functionName) ? ctx.fcFunctions[t.functionName] : undefined) : async () => '';
    if (!fn) throw new CloudError(404, 'FunctionNotFound', `function '${t.functionName}' does not exist`);
    if (invocationType === 'Async') claimAsyncTask(ctx, t, headerValue(req.headers, 'x-fc-async-task-id'));
    ctx.fcInvocations.push({ path, ...t, invocationType, headers: flatHeaders(req.headers), body, at: ctx.now().getTime() });
    // An async invocation is accepted with 202 and no body; a sync one returns what the function returned.
    const answer = invocationType === 'Async' ? '' : await fn(body);
    send(res, invocationType === 'Async' ? 202 : 200, { ...headers, 'content-type': 'application/octet-stream' }, answer, effect);
  } catch (err) {
    const e = asCloudError(err);
    send(res, e.status, { ...JSON_HEADERS, ...headers }, toJson(fcErrorBody(e, path.startsWith(FC3_PREFIX) ? requestId : undefined)), effect);
  }
}
