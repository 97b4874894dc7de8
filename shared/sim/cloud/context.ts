/** The state one cloud simulator shares between its products. */
import type { Scenario } from '../../scenario/schema';
import type { SimCredentials } from '../credentials';
import type { FaultInjector } from '../faults';
import type { RequestIds } from './ids';
import type { NonceCache } from './nonces';
import type { OssBuckets } from './oss-buckets';
import type { TokenPager } from './paging';
import type { Throttle } from './throttle';

/** One recorded Function Compute invocation. */
export interface FcInvocation {
  path: string;
  /** The FC 2.0 service (API 2016-08-15); absent for FC 3.0 paths, which have none. */
  service?: string;
  functionName: string;
  qualifier?: string;
  invocationType: 'Async' | 'Sync';
  headers: Record<string, string>;
  body: string;
  at: number;
}

/** A simulated function: takes the invocation's body, returns its answer. */
export type SimFunction = (event: string) => Promise<string>;

/** Everything a request handler may read or record. */
export interface SimContext {
  readonly scenario: Scenario;
  readonly credentials: SimCredentials;
  now(): Date;
  readonly latencyMs: number;
  readonly requestIds: RequestIds;
  readonly nonces: NonceCache;
  readonly pager: TokenPager;
  readonly throttle: Throttle;
  readonly faults: FaultInjector;
  readonly fcFaults: FaultInjector;
  readonly calls: Record<string, number>;
  /** Requests refused by `auditor.deniedActions`, per RAM action: the reliability suite counts them as injected faults. */
  readonly denials: Record<string, number>;
  readonly fcInvocations: FcInvocation[];
  /** Deployed functions by name: when set, a sync invocation returns what the function returns, and other names are 404. */
  readonly fcFunctions?: Readonly<Record<string, SimFunction>>;
  /** Async task ids FC has accepted, per function: a second submission of one is refused with 409. */
  readonly fcAsyncTasks: Set<string>;
  readonly kubeconfig?: () => string;
  readonly oss: OssBuckets;
}

/** Counts one request against its `product:Action` key. */
export function countCall(ctx: SimContext, api: string): void {
  ctx.calls[api] = (ctx.calls[api] ?? 0) + 1;
}
