/**
 * The HTTP status of a pop-core call. Neither client says it: RPC throws only for a body with `Code` and fails to
 * parse an HTML page without naming the status; ROA returns a non-JSON body as a string. Node's
 * `http.client.response.finish` diagnostics channel sees every response. A call is tagged by its own signature nonce,
 * which both clients let the caller set and then sign (RPC: the `SignatureNonce` parameter; ROA: the
 * `x-acs-signature-nonce` header), so concurrent calls never see each other's status.
 */
import { randomUUID } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

export const NONCE_HEADER = 'x-acs-signature-nonce';

const watched = new Map<string, number | undefined>();
let subscribed = false;

function onResponse(message: unknown): void {
  const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
  const header = request.getHeader(NONCE_HEADER);
  const tag = typeof header === 'string' ? header : /[?&]SignatureNonce=([\w-]+)/.exec(request.path)?.[1];
  if (tag !== undefined && watched.has(tag)) watched.set(tag, response.statusCode);
}

/** Runs `call` with a fresh nonce and returns its result (or error) with the HTTP status the server answered. */
export async function withHttpStatus<T>(call: (nonce: string) => Promise<T>): Promise<{ status?: number } & ({ value: T } | { error: unknown })> {
  if (!subscribed) {
    subscribe('http.client.response.finish', onResponse);
    subscribed = true;
  }
  const nonce = randomUUID();
  watched.set(nonce, undefined);
  try {
    const value = await call(nonce);
    return { status: watched.get(nonce), value };
  } catch (error) {
    return { status: watched.get(nonce), error };
  } finally {
    watched.delete(nonce);
  }
}
