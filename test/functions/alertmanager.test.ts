/**
 * Diagnosis on alert, against a real Prometheus Alertmanager (Debian's prometheus-alertmanager) on 127.0.0.1: alerts
 * posted to its API are grouped and sent to a webhook receiver whose URL is a local adapter that turns each request
 * into a Function Compute HTTP trigger event for the audit handler, which audits the seed scenario on the simulators
 * and answers in a chat receiver with the chain. Also: a resolved group, a repeated group, a wrong token.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { createAuditHandler, type AuditHandler } from '../../functions/audit/handler';
import type { HttpResponse } from '../../shared/handler/http-response';
import { MemoryIdempotencyStore } from '../../shared/handler/idempotency';
import { captureLogs } from '../../shared/log/capture';
import { deliverReport } from '../../shared/notify/deliver';
import type { Scenario } from '../../shared/scenario/schema';
import { startSimulators, type Simulators } from '../../shared/sim/start';
import { CANARY, fcContext, startReceiver, stsSeedScenario, type Receiver } from './support';

const BINARY = 'prometheus-alertmanager';
const installed = spawnSync(BINARY, ['--version'], { encoding: 'utf8' }).status === 0;
if (!installed && process.env.CI === 'true') throw new Error(`${BINARY} is not on PATH: CI must install it (.ci/run installs prometheus-alertmanager)`);
const describeWithAlertmanager = installed ? describe : describe.skip;
if (!installed) console.warn(`skipped: ${BINARY} is not installed (apt-get install prometheus-alertmanager)`);

const TOKEN = 'am-token-0123456789abcdef0123456789abcdef';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeWithAlertmanager('Alertmanager → alert webhook → audit → chat', () => {
  let scenario: Scenario;
  let sims: Simulators;
  let chat: Receiver;
  let handler: AuditHandler;
  let adapter: Server;
  let adapterUrl: string;
  let am: ChildProcess;
  let amUrl: string;
  /** Every request the adapter passed on, with the handler's answer. */
  const calls: { body: string; answer: HttpResponse }[] = [];

  beforeAll(async () => {
    scenario = stsSeedScenario();
    sims = await startSimulators(scenario);
    chat = await startReceiver();
    const url = sims.cloud.url;
    const env: NodeJS.ProcessEnv = {
      ACK_DRIFT_REGIONS: scenario.region,
      ACK_DRIFT_ENDPOINT_VPC: url,
      ACK_DRIFT_ENDPOINT_ECS: url,
      ACK_DRIFT_ENDPOINT_RAM: url,
      ACK_DRIFT_ENDPOINT_RESOURCEMANAGER: url,
      ACK_DRIFT_ENDPOINT_CS: url,
      ACK_DRIFT_WEBHOOKS: JSON.stringify([{ kind: 'generic', name: 'oncall', url: `${chat.url}/chat`, secret: CANARY.webhookSecret }]),
      ACK_DRIFT_ALLOW_PRIVATE_WEBHOOKS: 'true',
      ACK_DRIFT_ALLOW_HTTP_WEBHOOKS: 'true',
      ACK_DRIFT_ALERT_TOKEN: TOKEN,
      // The longest window the setting allows: a 10-minute window could end between the first and the repeated post.
      ACK_DRIFT_ALERT_DEDUPE_MS: '86400000',
      FC_REGION: scenario.region,
      FC_ACCOUNT_ID: scenario.accountId,
    };
    handler = createAuditHandler({ env, logger: captureLogs().logger, deliver: deliverReport, store: new MemoryIdempotencyStore() });
    // The HTTP trigger as FC 3.0 delivers it: an event v1 for each request.
    adapter = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
        const requestContext = { requestId: `req-${calls.length + 1}`, http: { method: req.method ?? 'GET' } };
        const event = { version: 'v1', rawPath: (req.url ?? '/').split('?')[0], headers, queryParameters: {}, body, isBase64Encoded: false, requestContext };
        void handler(Buffer.from(JSON.stringify(event)), fcContext(scenario)).then((out) => {
          const answer = out as HttpResponse;
          calls.push({ body, answer });
          res.writeHead(answer.statusCode, answer.headers).end(answer.body);
        });
      });
    });
    adapterUrl = `http://127.0.0.1:${await listen(adapter)}`;
    const dir = mkdtempSync(join(tmpdir(), 'ack-drift-am-'));
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      [
        'route:',
        '  receiver: ack-drift',
        '  group_by: [alertname, cluster_id]',
        '  group_wait: 500ms',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: ack-drift',
        '    webhook_configs:',
        `      - url: ${adapterUrl}/alerts`,
        '        send_resolved: true',
        '        http_config:',
        '          authorization:',
        '            type: Bearer',
        `            credentials: ${TOKEN}`,
      ].join('\n'),
    );
    const probe = createServer();
    const port = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    amUrl = `http://127.0.0.1:${port}`;
    am = spawn(BINARY, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${dir}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: 'ignore' });
    await until('Alertmanager to be ready', async () => ((await fetch(`${amUrl}/-/ready`).catch(() => undefined))?.ok ? true : undefined));
  }, 60_000);

  afterAll(async () => {
    am?.kill();
    await Promise.all([sims?.close(), chat?.close(), new Promise<void>((resolve) => (adapter ? adapter.close(() => resolve()) : resolve()))]);
  });

  const alert = (endsAt?: string) => ({
    labels: { alertname: 'KubeAPIServiceUnavailable', cluster_id: scenario.cluster.clusterId, apiservice: 'v1beta1.metrics.k8s.io', severity: 'critical' },
    annotations: { summary: 'metrics.k8s.io is unavailable' },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    ...(endsAt ? { endsAt } : {}),
  });
  const post = (alerts: unknown[]) => fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });

  it('answers a firing alert in the chat channel with the chain that explains it, the alert named first', async () => {
    const sent = Date.now();
    expect((await post([alert()])).ok).toBe(true);
    const message = await until('the chat message', () => chat.received.find((r) => r.path === '/chat'));
    const elapsed = Date.now() - sent;
    console.log(`Alertmanager → chat: ${elapsed} ms (group_wait 500 ms, audit of the seed scenario, delivery)`);
    // The chat message is signed as Standard Webhooks: verify it as a receiver would.
    const payload: unknown = new Webhook(CANARY.webhookSecret).verify(message.body, message.headers as Record<string, string>);
    const text = JSON.stringify(payload);
    expect(text).toMatch(/Alert KubeAPIServiceUnavailable \[[0-9a-f]+\], explained/);
    expect(text).toContain('RAM_EXPLICIT_DENY');
    expect(text).toContain('v1beta1.metrics.k8s.io');
    // The handler answers the adapter after it has delivered: on a busy machine the answer may follow the chat message.
    const answered = await until("the handler's answer", () => calls[0]);
    expect(answered.answer.statusCode).toBe(200);
    expect(JSON.parse(calls[0].answer.body)).toMatchObject({ clusterId: scenario.cluster.clusterId, status: 'degraded', deliveries: [{ target: 'oncall', ok: true }] });
  }, 60_000);

  it('audits once for a repeated group, and nothing for a wrong token', async () => {
    const first = calls[0];
    const again = await fetch(`${adapterUrl}/alerts`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: first.body });
    expect([again.status, (await again.json()) as unknown]).toEqual([200, expect.objectContaining({ skipped: 'duplicate' })]);
    const wrong = await fetch(`${adapterUrl}/alerts`, { method: 'POST', headers: { authorization: 'Bearer not-the-token-0123456789abcdef012345' }, body: first.body });
    expect(wrong.status).toBe(401);
    const none = await fetch(`${adapterUrl}/alerts`, { method: 'POST', body: first.body });
    expect(none.status).toBe(401);
    expect(chat.received.filter((r) => r.path === '/chat')).toHaveLength(1);
    expect(sims.cloud.calls['cs:DescribeClusterDetail']).toBe(1);
  });

  it('audits nothing when the group resolves', async () => {
    const before = calls.length;
    expect((await post([alert(new Date().toISOString())])).ok).toBe(true);
    const resolved = await until('the resolved notification', () => calls.slice(before).find((c) => (JSON.parse(c.body) as { status: string }).status === 'resolved'));
    expect(JSON.parse(resolved.answer.body)).toMatchObject({ skipped: 'resolved' });
    expect(chat.received.filter((r) => r.path === '/chat')).toHaveLength(1);
    expect(sims.cloud.calls['cs:DescribeClusterDetail']).toBe(1);
  }, 60_000);

  it('answers 422, auditing nothing, for an alert that names no cluster', async () => {
    const nameless = JSON.stringify({ version: '4', status: 'firing', receiver: 'x', groupKey: 'g2', alerts: [{ status: 'firing', labels: { alertname: 'Other' }, annotations: {} }] });
    const res = await fetch(`${adapterUrl}/alerts`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: nameless });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(/label cluster_id: no alert names a cluster/);
    expect(sims.cloud.calls['cs:DescribeClusterDetail']).toBe(1);
  });
});
