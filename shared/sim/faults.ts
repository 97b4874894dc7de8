/** Fault injection shared by the simulators: which rule of a scenario's `faults` applies to a request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRule } from '../scenario/schema';
import { seededRandom } from '../util/random';

export type FaultEffect = FaultRule['effect'];

/** What a simulator knows about a request when it asks for a fault. */
export interface FaultRequest {
  /** Cloud API action (`DescribeRouteEntryList`) or FC operation. */
  action?: string;
  method?: string;
  /** URL path without the query string. */
  path?: string;
  /** 1-based page of a paged list, when the request is one. */
  page?: number;
  /** The request's parameters (cloud RPC and ROA query). */
  params?: ReadonlyMap<string, string>;
}

function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

function attemptMatches(spec: FaultRule['match']['attempt'], n: number): boolean {
  if (spec === undefined) return true;
  if (typeof spec === 'number') return n === spec;
  if (Array.isArray(spec)) return spec.includes(n);
  return n >= (spec.from ?? 1) && n <= (spec.to ?? Number.MAX_SAFE_INTEGER);
}

interface RuleState {
  rule: FaultRule;
  seen: number;
  random?: () => number;
}

/** Decides, request by request, which fault (if any) a simulator must inject. Deterministic for a scenario. */
export class FaultInjector {
  private readonly rules: RuleState[];
  /** How many times a fault was injected, by rule index: the reliability suite reports these counts. */
  readonly injected: number[];

  constructor(rules: readonly FaultRule[] | undefined, target: FaultRule['target']) {
    this.rules = (rules ?? []).filter((r) => r.target === target).map((rule) => ({ rule, seen: 0, random: rule.match.probability !== undefined ? seededRandom(rule.match.seed ?? 1) : undefined }));
    this.injected = this.rules.map(() => 0);
  }

  /** The effect of the first rule that matches this request, counting attempts per rule. */
  pick(req: FaultRequest): FaultEffect | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const state = this.rules[i];
      const m = state.rule.match;
      if (m.action !== undefined && m.action !== req.action) continue;
      if (m.method !== undefined && m.method.toUpperCase() !== (req.method ?? '').toUpperCase()) continue;
      if (m.path !== undefined && !pathMatches(m.path, req.path ?? '')) continue;
      if (m.page !== undefined && m.page !== (req.page ?? 1)) continue;
      if (m.params !== undefined && !Object.entries(m.params).every(([k, v]) => req.params?.get(k) === v)) continue;
      state.seen += 1;
      if (!attemptMatches(m.attempt, state.seen)) continue;
      if (state.random && state.random() >= (m.probability ?? 1)) continue;
      this.injected[i] += 1;
      return state.rule.effect;
    }
    return undefined;
  }
}

/** Waits the given milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Applies the transport part of a fault (delay, hang, reset). Returns true when the request is finished
 * (hung or reset) and the simulator must not answer it.
 */
export async function applyTransportFault(effect: FaultEffect | undefined, req: IncomingMessage): Promise<boolean> {
  if (!effect) return false;
  if (effect.delayMs) await sleep(effect.delayMs);
  if (effect.reset) {
    req.socket.destroy();
    return true;
  }
  // A hung request is never answered; the server's close() destroys its socket.
  return effect.hang === true;
}

/** Writes a response, cutting the body after `truncateAt` bytes (then destroying the socket) when asked. */
export function sendBody(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer, truncateAt?: number): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  if (truncateAt !== undefined && truncateAt < bytes.length) {
    res.write(bytes.subarray(0, truncateAt), () => res.socket?.destroy());
    return;
  }
  res.end(bytes);
}
