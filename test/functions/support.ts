/** Shared pieces of the handler tests: the seed scenario with STS credentials, FC events and contexts, a webhook receiver. */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { standardWebhooksProblem } from '../support/webhook-signatures';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FcContext } from '../../shared/handler/context';
import { parseScenario } from '../../shared/scenario/load';
import type { Scenario } from '../../shared/scenario/schema';

export const ROOT = join(__dirname, '..', '..');

/** Secrets that must never appear in a log line, a report, a summary, an HTTP answer or a webhook body. */
export const CANARY = {
  accessKeySecret: 'canary-sts-secret-7f3a9c1e5b',
  securityToken: 'CAIScanarySecurityToken0d4e8b2f6a',
  kubernetesToken: 'canary-kube-bearer-3b7d1f9a',
  webhookSecret: `whsec_${Buffer.from('canary-webhook-signing-key-2c6e').toString('base64')}`,
  urlToken: 'canaryUrlToken5e1a',
} as const;

export const STS_KEY_ID = 'STS.NUfunctionRoleKey4x2';

/** The built-in seed incident, audited with FC-style STS credentials (the simulators then require the token). */
export function stsSeedScenario(): Scenario {
  const scenario = parseScenario(readFileSync(join(ROOT, 'scenarios', 'seed-incident.yaml'), 'utf8'), 'seed-incident.yaml');
  scenario.auditor = {
    ...scenario.auditor,
    accessKeyId: STS_KEY_ID,
    accessKeySecret: CANARY.accessKeySecret,
    securityToken: CANARY.securityToken,
    kubernetes: { ...scenario.auditor?.kubernetes, token: CANARY.kubernetesToken },
  };
  return scenario;
}

/** The context FC 3.0 passes: request id, the role's STS credentials, the function's timeout. */
export function fcContext(scenario: Scenario, over: Partial<FcContext> = {}): FcContext {
  return {
    requestId: over.requestId ?? `1-6745a1b2-${Math.random().toString(16).slice(2, 14)}`,
    credentials: { accessKeyId: STS_KEY_ID, accessKeySecret: CANARY.accessKeySecret, securityToken: CANARY.securityToken },
    function: { name: 'ack-drift-audit', handler: 'index.handler', memory: 512, timeout: 300 },
    region: scenario.region,
    accountId: scenario.accountId,
    ...over,
  };
}

/** A timer trigger's event as FC delivers it: a Buffer of `{triggerTime, triggerName, payload}`. */
export function timerEvent(payload: unknown, triggerTime = '2026-11-26T08:00:00Z', triggerName = 'hourly'): Buffer {
  return Buffer.from(JSON.stringify({ triggerTime, triggerName, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }));
}

/** A direct invocation's event: the caller's JSON, as a Buffer. */
export function invokeEvent(body: unknown): Buffer {
  return Buffer.from(JSON.stringify(body));
}

/** An HTTP trigger event v1 (GET), as a Buffer. */
export function httpEvent(query: Record<string, string>, requestId: string, method = 'GET'): Buffer {
  return Buffer.from(
    JSON.stringify({
      version: 'v1',
      rawPath: '/report',
      headers: { 'User-Agent': 'curl/8.5.0', Authorization: `FC ${STS_KEY_ID}:signature-checked-by-fc` },
      queryParameters: query,
      body: '',
      isBase64Encoded: false,
      requestContext: {
        accountId: '1837462005813702',
        domainName: 'ack-drift.cn-hangzhou.fcapp.run',
        domainPrefix: 'ack-drift',
        http: { method, path: '/report', protocol: 'HTTP/1.1', sourceIp: '11.11.11.11', userAgent: 'curl/8.5.0' },
        requestId,
        time: '2026-11-26T08:00:00Z',
        timeEpoch: '1795680000000',
      },
    }),
  );
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  /** `http://127.0.0.1:PORT` */
  url: string;
  received: Received[];
  /** Requests whose Standard Webhooks signature verified (test/support/webhook-signatures.ts). */
  verified: number;
  /** Stops listening; rejects when any request carried a signature the receiver refused. */
  close(): Promise<void>;
}

/**
 * A generic (Standard Webhooks) receiver on 127.0.0.1, as a real one behaves: it verifies each request's signature
 * with `secret` (the functions' tests sign with CANARY.webhookSecret), answers 204, or 401 when the signature does
 * not verify, and `close()` then fails the suite, so no delivery in these tests goes unverified.
 */
export async function startReceiver(secret: string = CANARY.webhookSecret): Promise<Receiver> {
  const received: Received[] = [];
  const refused: string[] = [];
  const state = { verified: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '/', headers: req.headers, body });
      const problem = standardWebhooksProblem(req.headers, body, secret, Date.now());
      if (problem) refused.push(`${req.url}: ${problem}`);
      else state.verified++;
      res.writeHead(problem ? 401 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    get verified() {
      return state.verified;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(() => (refused.length > 0 ? reject(new Error(`the webhook receiver refused: ${refused.join('; ')}`)) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Every canary secret found in `text` (empty when none leaked). */
export function leakedCanaries(text: string): string[] {
  return Object.values(CANARY).filter((secret) => text.includes(secret));
}
