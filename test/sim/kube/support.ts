/** Shared set-up for the Kubernetes simulator tests: the seed scenario, variants of it, and real client-node clients. */
import * as path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { loadScenario } from '../../../shared/scenario/load';
import type { FaultRule, Scenario } from '../../../shared/scenario/schema';
import type { KubeSimulator } from '../../../shared/sim/kube/server';

export const SEED_FILE = path.join(__dirname, '../../../scenarios/seed-incident.yaml');

/** A fresh copy of the seed incident, optionally changed (each call re-reads, so tests never share state). */
export function seed(change?: (s: Scenario) => void): Scenario {
  const s = loadScenario(SEED_FILE);
  change?.(s);
  return s;
}

/** The seed with these kubernetes fault rules. */
export function seedWithFaults(...rules: Array<Omit<FaultRule, 'target'>>): Scenario {
  return seed((s) => {
    s.faults = rules.map((r) => ({ target: 'kubernetes', ...r }));
  });
}

/** A KubeConfig loaded from the simulator's own kubeconfig text, as a user would. */
export function kubeConfig(sim: KubeSimulator, token?: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  if (token !== undefined) {
    const user = kc.getCurrentUser();
    if (!user) throw new Error('kubeconfig has no current user');
    kc.users = kc.users.map((u) => (u.name === user.name ? { ...u, token } : u));
  }
  return kc;
}

/** Per-request options aborting a call after `ms` (client-node 1.x sets no timeout of its own). */
export function timeout(ms: number): k8s.ConfigurationOptions {
  const middleware: k8s.ObservableMiddleware = {
    pre: (ctx) => {
      ctx.setSignal(AbortSignal.timeout(ms));
      return new k8s.Observable(Promise.resolve(ctx));
    },
    post: (r) => new k8s.Observable(Promise.resolve(r)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The rejection as a client-node ApiException, with its body parsed when it is JSON. */
export async function apiError(p: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  const err = await rejection(p);
  if (!(err instanceof k8s.ApiException)) throw err;
  const raw: unknown = err.body;
  const body = typeof raw === 'string' && raw !== '' ? (JSON.parse(raw) as Record<string, unknown>) : {};
  return { code: err.code, body, headers: err.headers };
}

/** A raw request with the simulator's token and CA, for paths and methods client-node has no call for. */
export async function rawRequest(sim: KubeSimulator, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(`${sim.url}${path}`, { method, ca: sim.caPem, headers: { authorization: `Bearer ${sim.token}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw GET (see rawRequest). */
export function rawGet(sim: KubeSimulator, path: string, headers: Record<string, string> = {}): ReturnType<typeof rawRequest> {
  return rawRequest(sim, 'GET', path, headers);
}
