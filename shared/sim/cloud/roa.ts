/** The ROA style (Container Service): REST paths signed with `authorization: acs AK:SIG` (pop-core) or ACS3-HMAC-SHA256 (the Tea SDK). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultEffect } from '../faults';
import { denial } from './access';
import { authenticateAcs3, isAcs3 } from './acs3-auth';
import { authenticate } from './auth';
import { countCall, type SimContext } from './context';
import { csRoute } from './cs';
import { CloudError, faultError, roaErrorBody, throttled } from './errors';
import { headerValue } from './headers';
import { toJson } from './json';
import { admit, asCloudError, isErrorFault, JSON_HEADERS, send, sendRawFault } from './respond';
import { roaSign, roaStringToSign } from './roa-signature';
import { parseForm } from './query';

const CS_VERSION = '2015-12-15';

function authenticateRoa(ctx: SimContext, req: IncomingMessage, method: string, path: string, query: ReadonlyMap<string, string>): void {
  const auth = /^acs ([^:\s]+):(\S+)$/.exec(headerValue(req.headers, 'authorization'));
  const date = headerValue(req.headers, 'date');
  const nonce = headerValue(req.headers, 'x-acs-signature-nonce');
  const token = headerValue(req.headers, 'x-acs-security-token');
  authenticate(
    ctx,
    {
      accessKeyId: auth?.[1],
      signature: auth?.[2],
      stringToSign: roaStringToSign(method, path, query, req.headers),
      sign: roaSign,
      time: date ? { value: date, name: 'Date', format: 'http-date' } : undefined,
      // Older ROA signers send no nonce; when one is sent it must be fresh.
      nonce: nonce || undefined,
      securityToken: token || undefined,
    },
    'acs',
  );
}

/** Answers one Container Service request. */
export async function serveRoa(ctx: SimContext, req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const requestId = ctx.requestIds.next();
  const headers = { ...JSON_HEADERS, 'x-acs-request-id': requestId };
  let effect: FaultEffect | undefined;
  try {
    const [path, rawQuery = ''] = (req.url ?? '/').split('?');
    const query = parseForm(rawQuery);
    const route = csRoute(method, path);
    if (!route) throw new CloudError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    const api = `cs:${route.action}`;
    countCall(ctx, api);
    const page = Number(query.get('page_number') ?? '1');
    const admission = await admit(req, [ctx.faults], { action: route.action, method, path, page: Number.isInteger(page) && page >= 1 ? page : 1 });
    if (admission.finished) return;
    effect = admission.effect;
    if (sendRawFault(res, effect)) return;
    if (isErrorFault(effect)) throw faultError(effect);
    if (headerValue(req.headers, 'x-acs-version') !== CS_VERSION) throw new CloudError(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    if (isAcs3(req)) authenticateAcs3(ctx, req, { method, path, rawQuery, body }, 'acs');
    else authenticateRoa(ctx, req, method, path, query);
    if (!ctx.throttle.take(api, ctx.now().getTime())) throw throttled();
    const denied = denial(ctx, api);
    if (denied) throw denied;
    send(res, 200, headers, toJson(route.handle(ctx, query)), effect);
  } catch (err) {
    const e = asCloudError(err);
    send(res, e.status, headers, toJson(roaErrorBody(e, requestId)), effect);
  }
}
