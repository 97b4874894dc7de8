/**
 * The RPC style (VPC, ECS, RAM, ResourceManager) on `/`: pop-core sends `Action`, `Version` and signature version 1.0 as parameters;
 * the Tea SDKs send `x-acs-action`/`x-acs-version` headers signed with ACS3-HMAC-SHA256.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultEffect } from '../faults';
import { denial } from './access';
import { authenticateAcs3, isAcs3 } from './acs3-auth';
import { authenticate } from './auth';
import { headerValue } from './headers';
import { countCall, type SimContext } from './context';
import { ecsProduct } from './ecs';
import { CloudError, faultError, missingParameter, rpcErrorBody, throttled } from './errors';
import { toJson } from './json';
import { ramProduct } from './ram';
import { resourceManagerProduct } from './resourcemanager';
import { admit, asCloudError, isErrorFault, JSON_HEADERS, send, sendRawFault } from './respond';
import type { RpcAction, RpcProduct } from './rpc-action';
import { parseForm } from './query';
import { RpcParams } from './rpc-params';
import { rpcSign, rpcStringToSign } from './rpc-signature';
import { vpcProduct } from './vpc';

const PRODUCTS: readonly RpcProduct[] = [vpcProduct, ecsProduct, ramProduct, resourceManagerProduct];

function productOf(params: RpcParams): RpcProduct {
  const version = params.required('Version');
  const product = PRODUCTS.find((p) => p.version === version);
  if (!product) throw new CloudError(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
  return product;
}

/** The 1-based page a request asks for (from its NextToken, else PageNumber), for fault rules that match `page`. */
function requestedPage(ctx: SimContext, params: RpcParams): number {
  const token = params.get('NextToken');
  if (token !== undefined) return ctx.pager.pageOf(token) ?? 1;
  const n = Number(params.get('PageNumber') ?? '1');
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

function authenticateRpc(ctx: SimContext, method: string, params: RpcParams): void {
  if (params.get('Signature') !== undefined && params.get('SignatureNonce') === undefined) throw missingParameter('SignatureNonce');
  const timestamp = params.get('Timestamp');
  authenticate(
    ctx,
    {
      accessKeyId: params.get('AccessKeyId'),
      signature: params.get('Signature'),
      stringToSign: rpcStringToSign(method, params.values),
      sign: rpcSign,
      time: timestamp === undefined ? undefined : { value: timestamp, name: 'Timestamp', format: 'iso8601' },
      nonce: params.get('SignatureNonce'),
      securityToken: params.get('SecurityToken'),
    },
    'acs',
  );
}

function checkRegion(ctx: SimContext, action: RpcAction, params: RpcParams): void {
  if (action.region === 'none') return;
  const region = params.get('RegionId');
  if (region === undefined) {
    if (action.region === 'required') throw missingParameter('RegionId');
    return;
  }
  if (region !== ctx.scenario.region) throw new CloudError(400, 'InvalidRegionId.NotFound', 'The specified RegionId does not exist.');
}

/** Answers one RPC request (`body` is the form body of a POST, '' otherwise). */
export async function serveRpc(ctx: SimContext, req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const requestId = ctx.requestIds.next();
  let product: RpcProduct | undefined;
  let effect: FaultEffect | undefined;
  try {
    const rawQuery = (req.url ?? '/').split('?')[1] ?? '';
    const values = parseForm(rawQuery);
    if (method === 'POST') for (const [k, v] of parseForm(body)) values.set(k, v);
    const acs3 = isAcs3(req);
    if (acs3) {
      // ACS3 names the API in signed headers; the parameters stay in the query and form body.
      for (const [name, header] of [
        ['Action', 'x-acs-action'],
        ['Version', 'x-acs-version'],
      ] as const) {
        const v = headerValue(req.headers, header);
        if (v) values.set(name, v);
      }
    }
    const params = new RpcParams(values);
    product = productOf(params);
    const actionName = params.required('Action');
    const api = `${product.code}:${actionName}`;
    countCall(ctx, api);
    const admission = await admit(req, [ctx.faults], { action: actionName, method, path: '/', page: requestedPage(ctx, params), params: values });
    if (admission.finished) return;
    effect = admission.effect;
    if (sendRawFault(res, effect)) return;
    if (isErrorFault(effect)) throw faultError(effect);
    if (acs3) authenticateAcs3(ctx, req, { method, path: (req.url ?? '/').split('?')[0], rawQuery, body }, 'acs');
    else authenticateRpc(ctx, method, params);
    const action = Object.hasOwn(product.actions, actionName) ? product.actions[actionName] : undefined;
    if (!action) throw new CloudError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    checkRegion(ctx, action, params);
    if (!ctx.throttle.take(api, ctx.now().getTime())) throw throttled();
    const denied = denial(ctx, api);
    if (denied) throw denied;
    send(res, 200, JSON_HEADERS, toJson({ RequestId: requestId, ...action.handle(ctx, params) }), effect);
  } catch (err) {
    const e = asCloudError(err);
    send(res, e.status, JSON_HEADERS, toJson(rpcErrorBody(e, requestId, product?.code, ctx.scenario.region)), effect);
  }
}
