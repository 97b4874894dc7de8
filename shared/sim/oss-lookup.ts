/**
 * How clients reach the OSS simulator under the real endpoint names: an http.Agent whose DNS lookup answers
 * 127.0.0.1 for `*.aliyuncs.com` and refuses every other name, so nothing can resolve or reach a real host.
 */
import { Agent, type AgentOptions } from 'node:http';
import type { LookupFunction } from 'node:net';

/** A lookup that pins `*.aliyuncs.com` to 127.0.0.1 and fails every other name with ENOTFOUND. */
export const pinnedLookup: LookupFunction = (hostname, options, callback) => {
  if (!/(^|\.)aliyuncs\.com$/i.test(hostname)) {
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (only *.aliyuncs.com, pinned to 127.0.0.1, may be resolved here)`), { code: 'ENOTFOUND', hostname });
    process.nextTick(() => (callback as (e: Error) => void)(err));
    return;
  }
  const all = typeof options === 'object' && options?.all;
  process.nextTick(() => (all ? (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)));
};

/** An http.Agent for the OSS simulator: every `*.aliyuncs.com` name connects to 127.0.0.1. */
export function pinnedAgent(options: AgentOptions = {}): Agent {
  return new Agent({ ...options, lookup: pinnedLookup } as AgentOptions);
}

/** The simulator's OSS endpoint for a region: the real name with the simulator's port (`http://oss-cn-hangzhou.aliyuncs.com:PORT`). */
export function simOssEndpoint(simulatorUrl: string, region: string): string {
  return `http://oss-${region}.aliyuncs.com:${new URL(simulatorUrl).port}`;
}
