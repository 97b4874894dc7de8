/**
 * Test-side webhook receivers on 127.0.0.1 and signature checks written independently of shared/notify/sign.ts
 * (Buffer keys, timingSafeEqual, the standardwebhooks package), plus reports to deliver: the demo's and synthetic ones.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Report } from '../../shared/report/schema';
import { createDeliverReport } from '../../shared/notify/deliver';
import type { DeliverReport, DeliveryResult } from '../../shared/notify/types';
import { runCli } from '../support/cli';
import { dingtalkProblem, larkProblem, signatureProblem } from '../support/webhook-signatures';

export interface Received {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  delayMs?: number;
}

export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: Received[];
  connections: number;
  close(): Promise<void>;
}

/** A loopback HTTP receiver; `reply` sees each request and its 1-based number. */
export async function startReceiver(reply: (req: Received, n: number) => Reply = () => ({ status: 200, body: '' })): Promise<Receiver> {
  const requests: Received[] = [];
  let port = 0;
  const state = { connections: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const received: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body: raw.toString('utf8') };
      requests.push(received);
      const r = reply(received, requests.length);
      const answer = () => {
        if (r.reset) return void req.socket.destroy();
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...(r.headers ?? {}) });
        res.end(r.body ?? '');
      };
      // Unref'd: a reply the client gave up on must not keep the test process alive.
      if (r.delayMs) setTimeout(answer, r.delayMs).unref();
      else answer();
    });
  });
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const receiver: Receiver = {
    origin: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return state.connections;
    },
    close: () => {
      live.delete(port);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  live.set(port, receiver);
  return receiver;
}

/** The receivers listening now, by port: a delivery's targets are matched to them by the port of their URL. */
const live = new Map<number, Receiver>();
const checked = { requests: 0 };

/** How many received requests have had their signature checked so far (the check cannot pass by seeing none). */
export function signaturesChecked(): number {
  return checked.requests;
}

/**
 * Runs one delivery, then checks every request that a live receiver got at a target's path meanwhile with the
 * receiver-side check of its platform (test/support/webhook-signatures.ts), at the sender's clock; throws on the first
 * request a platform would refuse. Every notify test delivers through this (fastDeliver), so each verifies what it got.
 */
export async function deliverAndVerify(deliver: DeliverReport, ...[report, targets, options]: Parameters<DeliverReport>): Promise<DeliveryResult[]> {
  const before = new Map([...live].map(([port, r]) => [port, r.requests.length]));
  const results = await deliver(report, targets, options);
  const nowMs = options.now?.().getTime() ?? Date.now();
  for (const target of targets) {
    let url: URL;
    try {
      url = new URL(target.url);
    } catch {
      continue;
    }
    const receiver = live.get(Number(url.port));
    if (!receiver) continue;
    for (const req of receiver.requests.slice(before.get(Number(url.port)) ?? 0)) {
      if (new URL(req.url, 'http://receiver').pathname !== url.pathname) continue;
      const problem = signatureProblem(target, { url: req.url, headers: req.headers, body: req.body }, nowMs);
      if (problem) throw new Error(`${target.kind} target ${target.name}: the receiver would refuse the request: ${problem}`);
      checked.requests++;
    }
  }
  return results;
}

/** Robot answers as the platforms send them (HTTP 200 either way). */
export const answers = {
  dingtalk: (errcode = 0, errmsg = errcode === 0 ? 'ok' : 'failed'): Reply => ({ status: 200, body: JSON.stringify({ errcode, errmsg }) }),
  lark: (code = 0, msg = code === 0 ? 'success' : 'failed'): Reply => ({ status: 200, body: JSON.stringify({ code, msg, data: {} }) }),
  wecom: (errcode = 0, errmsg = errcode === 0 ? 'ok' : 'failed'): Reply => ({ status: 200, body: JSON.stringify({ errcode, errmsg }) }),
  slack: (): Reply => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }),
  generic: (): Reply => ({ status: 204 }),
};

/** A delivery function with millisecond backoff, recording each wait it asks for. */
export function fastDeliver(extra: Parameters<typeof createDeliverReport>[0] = {}) {
  const waits: number[] = [];
  const deliver = createDeliverReport({
    backoff: { baseMs: 5, capMs: 20 },
    sleep: (ms) => {
      waits.push(ms);
      return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20)));
    },
    ...extra,
  });
  const verified: DeliverReport = (...args) => deliverAndVerify(deliver, ...args);
  return { deliver: verified, waits };
}

// ---- Independent signature checks (test/support/webhook-signatures.ts) ----------------------------------------

/** DingTalk, receiver side: the query's `timestamp` (ms, within an hour of `nowMs`) and `sign` (base64 of HMAC-SHA256). */
export function dingtalkSignatureValid(url: string, secret: string, nowMs: number): boolean {
  return dingtalkProblem(url, secret, nowMs) === undefined;
}

/** Lark, receiver side: body `timestamp` (s, string, within an hour) and `sign` = base64(HMAC-SHA256(key = ts\nsecret, "")). */
export function larkSignatureValid(body: Record<string, unknown>, secret: string, nowSec: number): boolean {
  return larkProblem(JSON.stringify(body), secret, nowSec * 1000) === undefined;
}

/** Standard Webhooks, receiver side, with the standardwebhooks package: throws unless the signature verifies. */
export function verifyStandardWebhook(secret: string, received: Received): unknown {
  const headers: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) headers[name] = String(received.headers[name] ?? '');
  return new Webhook(secret).verify(received.body, headers);
}

// ---- Reports --------------------------------------------------------------------------------------------------

let demo: Report | undefined;

/** The report of `ack-drift demo` at a fixed time (the seed incident's chain through the real clients). */
export async function demoReport(): Promise<Report> {
  if (!demo) {
    const r = await runCli(['demo', '--format', 'json', '--now', '2026-11-26T08:00:00Z']);
    demo = JSON.parse(r.stdout) as Report;
  }
  return structuredClone(demo);
}

function findingId(n: number): string {
  return `f-${createHash('sha256').update(String(n)).digest('hex').slice(0, 12)}`;
}

/**
 * A report with a four-step chain and `extra` more failing findings, all in Chinese with emoji and markdown
 * characters, `textRepeat` times over: the worst case for byte limits and character boundaries.
 */
export function bigReport(extra: number, textRepeat = 1): Report {
  const text = (s: string) => Array.from({ length: textRepeat }, () => s).join(' ');
  const chainIds = [0, 1, 2, 3].map(findingId);
  const codes = ['NAMESPACE_STUCK_TERMINATING', 'APISERVICE_UNAVAILABLE', 'ROUTE_MISSING', 'RAM_EXPLICIT_DENY'];
  const chain: Report['findings'] = codes.map((code, i) => ({
    id: chainIds[i],
    code,
    check: i === 0 ? 'namespaces' : i === 1 ? 'apiservices' : i === 2 ? 'routes' : 'ram',
    status: 'fail',
    severity: i >= 2 ? 'critical' : 'high',
    resource: { kind: i === 3 ? 'RamRole' : 'Namespace', name: `资源-${i}-🚀` },
    message: text(`第${i}步：命名空间「测试」无法删除 👨‍👩‍👧‍👦 🇨🇳 *粗体* _斜体_ [链接](http://evil.example) <@all> 🔥`),
    evidence: { note: text('证据 ✅') },
    remediation: [{ description: text(`修复第${i}步 🛠️`), command: `aliyun vpc CreateRouteEntry --RouteTableId vtb-${i} --DestinationCidrBlock 172.16.${i}.0/24` }],
    causedBy: i < 3 ? [chainIds[i + 1]] : [],
  }));
  const more: Report['findings'] = Array.from({ length: extra }, (_, k) => ({
    id: findingId(100 + k),
    code: 'ROUTE_MISSING',
    check: 'routes',
    status: 'fail',
    severity: k % 3 === 0 ? 'critical' : 'medium',
    resource: { kind: 'Node', name: `节点-${k}-🖥️` },
    message: text(`节点 ${k} 的路由缺失 🚧，Pod 网段 172.16.${k % 256}.0/24 不可达。`),
    evidence: { podCIDR: `172.16.${k % 256}.0/24`, detail: text('详细信息 📦') },
    remediation: [{ description: text('创建路由 ➕'), command: `aliyun vpc CreateRouteEntry --NextHopId i-${k}` }],
    // Half of them are also explained by the root cause: a summary that drops them must drop the edges too.
    causedBy: k % 2 === 0 ? [chainIds[3]] : [],
  }));
  const findings = [...chain, ...more];
  return {
    schemaVersion: '1',
    runId: 'run-big-0001',
    generatedAt: '2026-11-26T08:00:00Z',
    cluster: { clusterId: 'c0ffee', name: '生产集群-杭州 🏭', region: 'cn-hangzhou', vpcId: 'vpc-1', network: 'flannel', clusterType: 'Kubernetes' },
    summary: {
      status: 'degraded',
      headline: text('命名空间「测试」卡在 Terminating，因为 metrics.k8s.io/v1beta1 不可用，因为路由缺失，因为 RAM 策略拒绝 ⛔。'),
      counts: { critical: findings.filter((f) => f.severity === 'critical').length, high: 2, medium: findings.filter((f) => f.severity === 'medium').length, low: 0, info: 0, unknown: 0 },
    },
    findings,
    rootCauses: [{ findingId: chainIds[3], explains: [...chainIds.slice(0, 3), ...more.filter((f) => f.causedBy.length).map((f) => f.id)], chain: chainIds }],
    coverage: [
      { check: 'routes', status: 'partial', reason: text('第 3 页读取失败 ❌') },
      { check: 'ram', status: 'complete', reason: 'ok' },
    ],
    stats: { durationMs: 1, apiCalls: {} },
  };
}
