/** What every request goes through around its product: fault rules first, then the answer they may bend. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyTransportFault, sendBody, type FaultEffect, type FaultInjector, type FaultRequest } from '../faults';
import { CloudError, internalError } from './errors';

/** The fault chosen for a request, or `finished` when a transport fault (hang, reset) took the request over. */
export type Admission = { finished: true } | { finished: false; effect?: FaultEffect };

/** Picks the first matching fault (injectors in order) and applies its delay, hang or reset. */
export async function admit(req: IncomingMessage, injectors: readonly FaultInjector[], request: FaultRequest): Promise<Admission> {
  let effect: FaultEffect | undefined;
  for (const injector of injectors) {
    effect = injector.pick(request);
    if (effect) break;
  }
  if (await applyTransportFault(effect, req)) return { finished: true };
  return { finished: false, effect };
}

/** True when the fault answers with an API error instead of letting the request through. */
export function isErrorFault(effect: FaultEffect | undefined): effect is FaultEffect {
  return effect !== undefined && effect.body === undefined && (effect.status !== undefined || effect.code !== undefined);
}

/** Answers with a fault's exact body (a `200 {"RequestId":…}` without its list, an HTML 502); true when it did. */
export function sendRawFault(res: ServerResponse, effect: FaultEffect | undefined): boolean {
  if (effect?.body === undefined) return false;
  send(res, effect.status ?? 200, { 'content-type': effect.contentType ?? JSON_HEADERS['content-type'] }, effect.body, effect);
  return true;
}

/** Writes an answer with the response side of a fault: `Retry-After` and truncation. */
export function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer, effect?: FaultEffect): void {
  const all = effect?.retryAfter !== undefined ? { ...headers, 'retry-after': String(effect.retryAfter) } : headers;
  sendBody(res, status, all, body, effect?.truncateAt);
}

/** The CloudError to answer with; anything else is a simulator bug, reported and answered as a 500. */
export function asCloudError(err: unknown): CloudError {
  if (err instanceof CloudError) return err;
  process.emitWarning(`cloud simulator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return internalError();
}

/** The content type of every JSON answer. */
export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json;charset=utf-8' };
