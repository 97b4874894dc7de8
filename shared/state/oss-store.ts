/**
 * A state store in OSS through the official ali-oss client, signed with V4 (header and presigned) and the
 * invocation's credentials. ali-oss is heavy (urllib, xml2js, agentkeepalive…): it is required only when a store
 * is built, so an audit without one never runs it (the function bundles carry it as text, compiled on this require).
 */
import type { Agent } from 'node:http';
import type OSSClient from 'ali-oss';
import { REQUEST_TIMEOUT_MS } from '../config/deadline';
import type { OssStateConfig } from '../config/function-config';
import { joinKey, type StateStore } from './store';
import { StateError } from '../util/errors';
import { graphemePrefix } from '../util/truncate';

export interface OssStoreOptions {
  bucket: string;
  /** Every key is under it; the function's policy grants rights on nothing else. */
  prefix: string;
  region: string;
  /** Inside Function Compute: the VPC-internal endpoint (`oss-<region>-internal.aliyuncs.com`), no Internet traffic. */
  internal: boolean;
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
  /** Tests: the simulator's endpoint (`http://oss-cn-hangzhou.aliyuncs.com:PORT`) and an agent whose lookup is pinned to 127.0.0.1. */
  endpoint?: string;
  agent?: Agent;
  timeoutMs: number;
}

interface OssFailure {
  status?: number;
  code?: string;
  name?: string;
  requestId?: string;
  message?: string;
}

function failure(operation: string, key: string, err: unknown): StateError {
  const e = (err ?? {}) as OssFailure;
  // ali-oss messages can be long (they quote the request); the first line, cut short, is what a log needs.
  const message = graphemePrefix(String(e.message ?? err).split('\n')[0], 200);
  return new StateError(operation, key, e.code || e.name || `HTTP ${e.status ?? '?'}`, message, e.requestId);
}

/** The V4 presigned URL limit (OSS: x-oss-expires at most 604800 seconds). */
export const MAX_LINK_SECONDS = 604_800;

/** A store in `oss://bucket/prefix`. */
export function ossStore(o: OssStoreOptions): StateStore {
  // Loaded here, not at the top: see the module comment.
  const OSS = require('ali-oss') as typeof OSSClient;
  const { accessKeyId, accessKeySecret, securityToken } = o.credentials;
  const client = new OSS({
    bucket: o.bucket,
    region: `oss-${o.region}`,
    internal: o.internal,
    secure: o.endpoint === undefined,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.agent ? { agent: o.agent } : {}),
    accessKeyId,
    accessKeySecret,
    ...(securityToken
      ? {
          stsToken: securityToken,
          // The invocation's credentials outlive the invocation; giving them back keeps ali-oss from warning on stderr.
          refreshSTSToken: async () => ({ accessKeyId, accessKeySecret, stsToken: securityToken }),
          refreshSTSTokenInterval: 24 * 3_600_000,
        }
      : {}),
    authorizationV4: true,
    timeout: o.timeoutMs,
  });
  const full = (key: string) => joinKey(o.prefix, key);
  const strip = (name: string) => name.slice(full('').length);
  const call = async <T>(operation: string, key: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw failure(operation, full(key), err);
    }
  };
  return {
    location: `oss://${o.bucket}/${o.prefix.replace(/^\/+|\/+$/g, '')}`,
    async get(key) {
      try {
        return (await client.get(full(key))).content;
      } catch (err) {
        if ((err as OssFailure).status === 404 && (err as OssFailure).code === 'NoSuchKey') return undefined;
        throw failure('GetObject', full(key), err);
      }
    },
    async put(key, body, contentType) {
      await call('PutObject', key, () => client.put(full(key), Buffer.from(body), { mime: contentType }));
    },
    async create(key, body, contentType) {
      try {
        await client.put(full(key), Buffer.from(body), { mime: contentType, headers: { 'x-oss-forbid-overwrite': 'true' } });
        return true;
      } catch (err) {
        if ((err as OssFailure).status === 409 && (err as OssFailure).code === 'FileAlreadyExists') return false;
        throw failure('PutObject', full(key), err);
      }
    },
    async delete(key) {
      await call('DeleteObject', key, () => client.delete(full(key)));
    },
    async list(prefix) {
      const keys: string[] = [];
      const prefixes: string[] = [];
      let token: string | undefined;
      do {
        const page = await call('ListObjectsV2', prefix, () => client.listV2({ prefix: full(prefix), delimiter: '/', 'max-keys': 1000, ...(token ? { 'continuation-token': token } : {}) }));
        keys.push(...(page.objects ?? []).map((x) => strip(x.name)));
        prefixes.push(...(page.prefixes ?? []).map(strip));
        token = page.isTruncated ? page.nextContinuationToken : undefined;
      } while (token);
      return { keys, prefixes };
    },
    async link(key, ttlSeconds) {
      return call('PresignUrl', key, () => client.signatureUrlV4('GET', Math.min(ttlSeconds, MAX_LINK_SECONDS), undefined, full(key)));
    },
  };
}

/** Tests: the simulator's OSS endpoint and an agent whose lookup is pinned to 127.0.0.1. Production uses the region's endpoint. */
export interface OssTransport {
  endpoint: string;
  agent: Agent;
}

/** The functions' store (ACK_DRIFT_OSS_*), signed with the invocation's credentials. */
export function openOssStore(state: OssStateConfig, credentials: OssStoreOptions['credentials'], transport?: OssTransport): StateStore {
  return ossStore({ ...state, credentials, endpoint: transport?.endpoint, agent: transport?.agent, timeoutMs: REQUEST_TIMEOUT_MS });
}
