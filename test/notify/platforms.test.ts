/**
 * The demo report delivered to a loopback receiver acting as each platform: signatures verified independently,
 * the documented body shape, the alert's content and order, idempotent bodies, and each robot's error codes.
 */
import type { Report } from '../../shared/report/schema';
import { reportProblems } from '../../shared/report/validate';
import type { DeliveryOptions, WebhookKind, WebhookTarget } from '../../shared/notify/types';
import { WECOM_MAX_CONTENT_BYTES } from '../../shared/notify/wecom';
import { utf8Bytes } from '../../shared/util/truncate';
import { answers, demoReport, dingtalkSignatureValid, fastDeliver, larkSignatureValid, startReceiver, verifyStandardWebhook, type Receiver, type Reply, type Received } from './support';

const CLOCK = new Date('2026-11-26T08:00:00Z');
const DELIVERY_ID = 'dlv-run-dc435ac2af5d4b32-1';
const REPORT_URL = 'https://reports.example/runs/run-dc435ac2af5d4b32.html';
const SECRETS = { dingtalk: 'SECcanary-dingtalk-0f9e8d7c6b5a', lark: 'canary-lark-key-4b3a2918', generic: `whsec_${Buffer.from('canary-standard-webhooks-key-0123').toString('base64')}` };
const PATHS: Record<WebhookKind, string> = {
  dingtalk: '/robot/send?access_token=canarydingtalktoken0123456789abcdef',
  lark: '/open-apis/bot/v2/hook/canary-lark-hook-9a8b7c6d',
  wecom: '/cgi-bin/webhook/send?key=canary-wecom-key-1a2b3c4d',
  slack: '/services/T0CANARY/B0CANARY/canarySlackToken123456',
  generic: '/hooks/ack-drift',
};

let report: Report;
const open: Receiver[] = [];
beforeAll(async () => {
  report = await demoReport();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function receiver(reply: (req: Received, n: number) => Reply): Promise<Receiver> {
  const r = await startReceiver(reply);
  open.push(r);
  return r;
}

function target(kind: WebhookKind, r: Receiver, name = `${kind}-ops`): WebhookTarget {
  const secret = kind === 'dingtalk' || kind === 'lark' || kind === 'generic' ? SECRETS[kind] : undefined;
  return { kind, name, url: `${r.origin}${PATHS[kind]}`, ...(secret ? { secret } : {}) };
}

function options(extra: Partial<DeliveryOptions> = {}): DeliveryOptions {
  return { deliveryId: DELIVERY_ID, reportUrl: REPORT_URL, deadline: Date.now() + 15_000, allowHttp: true, allowPrivateNetwork: true, ...extra };
}

/** The alert's reading order: each needle found after the previous one. */
function expectInOrder(text: string, needles: string[]): void {
  let at = -1;
  for (const n of needles) {
    const i = text.indexOf(n, at + 1);
    expect({ needle: n, found: i > at }).toEqual({ needle: n, found: true });
    at = i;
  }
}

const CHAIN = ['NAMESPACE_STUCK_TERMINATING', 'APISERVICE_UNAVAILABLE', 'ROUTE_MISSING', 'RAM_EXPLICIT_DENY'];
const FIX = 'aliyun ram CreatePolicyVersion --PolicyName k8sMasterRolePolicy-8e4b1c7d';
const ROUTE_FIX = 'aliyun vpc CreateRouteEntry --RegionId cn-hangzhou';
const COUNTS = '2 critical · 3 high · 1 low';

describe('DingTalk custom robot', () => {
  it('gets a signed markdown message: headline, chain, fix with commands, counts, link, delivery id', async () => {
    const r = await receiver(() => answers.dingtalk());
    const { deliver } = fastDeliver();
    // When
    const results = await deliver(report, [target('dingtalk', r)], options({ now: () => CLOCK }));
    // Then
    expect(results).toEqual([{ target: 'dingtalk-ops', kind: 'dingtalk', ok: true, attempts: 1 }]);
    const req = r.requests[0];
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(new URL(req.url, 'http://r').searchParams.get('access_token')).toBe('canarydingtalktoken0123456789abcdef');
    expect(dingtalkSignatureValid(req.url, SECRETS.dingtalk, CLOCK.getTime())).toBe(true);
    const body = JSON.parse(req.body) as { msgtype: string; markdown: { title: string; text: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe('🔴 ack-drift · shop-prod-hz: degraded');
    expectInOrder(body.markdown.text, ['Namespace tobedeletedb is stuck Terminating', ...CHAIN, FIX, ROUTE_FIX, COUNTS, 'CCM_ROUTE_SYNC_FAILING', `](${REPORT_URL})`, DELIVERY_ID]);
    expect(body.markdown.text).not.toMatch(/kubectl delete apiservice/); // last resorts stay in the report
  });

  it('without a secret sends no signature (keyword or IP security instead)', async () => {
    const r = await receiver(() => answers.dingtalk());
    const { deliver } = fastDeliver();
    const [res] = await deliver(report, [{ ...target('dingtalk', r), secret: undefined }], options());
    expect(res.ok).toBe(true);
    expect(r.requests[0].url).toBe(PATHS.dingtalk);
  });

  it.each([
    [310000, 'keywords not in content'],
    [310000, 'sign not match'],
    [300001, 'token is not exist'],
  ])('errcode %i (%s) in an HTTP 200 is a failure and is not retried', async (code, msg) => {
    const r = await receiver(() => answers.dingtalk(code, msg));
    const { deliver } = fastDeliver();
    const [res] = await deliver(report, [target('dingtalk', r)], options({ attempts: 4 }));
    expect(res).toMatchObject({ ok: false, attempts: 1 });
    expect(res.error).toContain(`errcode ${code}: ${msg}`);
    expect(res.error).toContain('permanent');
    expect(r.requests).toHaveLength(1);
  });

  it('errcode 130101 (send too fast) is retried with the same body and a fresh valid signature', async () => {
    const r = await receiver((_req, n) => (n < 3 ? answers.dingtalk(130101, 'send too fast, exceed 20 times per minute') : answers.dingtalk()));
    const { deliver, waits } = fastDeliver();
    const [res] = await deliver(report, [target('dingtalk', r)], options({ attempts: 3 }));
    expect(res).toEqual({ target: 'dingtalk-ops', kind: 'dingtalk', ok: true, attempts: 3 });
    expect(waits).toHaveLength(2);
    expect(new Set(r.requests.map((q) => q.body)).size).toBe(1);
    for (const q of r.requests) expect(dingtalkSignatureValid(q.url, SECRETS.dingtalk, Date.now())).toBe(true);
  });

  it('an answer that is not JSON is a failure', async () => {
    const r = await receiver(() => ({ status: 200, body: '<html>proxy</html>' }));
    const [res] = await fastDeliver().deliver(report, [target('dingtalk', r)], options());
    expect(res).toMatchObject({ ok: false, attempts: 1 });
    expect(res.error).toContain('not JSON');
  });
});

describe('Lark/Feishu custom bot', () => {
  it('gets an interactive card with timestamp and sign in the body, the report text as plain_text', async () => {
    const r = await receiver(() => answers.lark());
    const [res] = await fastDeliver().deliver(report, [target('lark', r)], options({ now: () => CLOCK }));
    expect(res).toEqual({ target: 'lark-ops', kind: 'lark', ok: true, attempts: 1 });
    const body = JSON.parse(r.requests[0].body) as Record<string, unknown> & {
      msg_type: string;
      card: {
        header: { title: { tag: string; content: string }; template: string };
        elements: { tag: string; text?: { tag: string; content: string }; actions?: { url: string }[]; elements?: { content: string }[] }[];
      };
    };
    expect(Object.keys(body).slice(0, 2)).toEqual(['timestamp', 'sign']);
    expect(larkSignatureValid(body, SECRETS.lark, Math.floor(CLOCK.getTime() / 1000))).toBe(true);
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header).toMatchObject({ template: 'red', title: { tag: 'plain_text', content: '🔴 ack-drift · shop-prod-hz: degraded' } });
    const first = body.card.elements[0];
    expect(first).toEqual({ tag: 'div', text: { tag: 'plain_text', content: report.summary.headline } });
    const texts = body.card.elements.map((e) => e.text?.content ?? '').join('\n');
    expectInOrder(texts, [...CHAIN, FIX, ROUTE_FIX, COUNTS, 'CCM_ROUTE_SYNC_FAILING']);
    expect(body.card.elements.flatMap((e) => e.text?.tag ?? [])).toEqual(expect.arrayContaining(['plain_text']));
    expect(body.card.elements.some((e) => e.text?.tag === 'lark_md')).toBe(false);
    expect(body.card.elements.find((e) => e.tag === 'action')?.actions?.[0].url).toBe(REPORT_URL);
    expect(body.card.elements[body.card.elements.length - 1].elements?.[0].content).toContain(`delivery ${DELIVERY_ID}`);
  });

  it('accepts the older {StatusCode: 0} answer', async () => {
    const r = await receiver(() => ({ status: 200, body: JSON.stringify({ Extra: null, StatusCode: 0, StatusMessage: 'success' }) }));
    const [res] = await fastDeliver().deliver(report, [target('lark', r)], options());
    expect(res.ok).toBe(true);
  });

  it('code 19021 (bad signature or stale timestamp) fails without a retry', async () => {
    const r = await receiver(() => answers.lark(19021, 'sign match fail or timestamp is not within one hour from current time'));
    const [res] = await fastDeliver().deliver(report, [target('lark', r)], options());
    expect(res).toMatchObject({ ok: false, attempts: 1 });
    expect(res.error).toContain('code 19021: sign match fail');
    expect(r.requests).toHaveLength(1);
  });

  it('code 11232 (rate limited) is retried; the card is the same bytes apart from timestamp and sign', async () => {
    const r = await receiver((_req, n) => (n === 1 ? answers.lark(11232, 'frequency limited') : answers.lark()));
    const [res] = await fastDeliver().deliver(report, [target('lark', r)], options());
    expect(res).toMatchObject({ ok: true, attempts: 2 });
    const unsigned = r.requests.map((q) => q.body.replace(/^\{"timestamp":"\d+","sign":"[^"]+",/, '{'));
    expect(unsigned[0]).toBe(unsigned[1]);
  });
});

describe('WeCom group robot', () => {
  it('gets a markdown message within 4,096 bytes of content, no signature', async () => {
    const r = await receiver(() => answers.wecom());
    const [res] = await fastDeliver().deliver(report, [target('wecom', r)], options());
    expect(res).toEqual({ target: 'wecom-ops', kind: 'wecom', ok: true, attempts: 1 });
    const body = JSON.parse(r.requests[0].body) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(utf8Bytes(body.markdown.content)).toBeLessThanOrEqual(WECOM_MAX_CONTENT_BYTES);
    expectInOrder(body.markdown.content, ['Namespace tobedeletedb is stuck Terminating', 'NAMESPACE_STUCK_TERMINATING', 'RAM_EXPLICIT_DENY', FIX, COUNTS, DELIVERY_ID]);
    expect(new URL(r.requests[0].url, 'http://r').searchParams.get('key')).toBe('canary-wecom-key-1a2b3c4d');
  });

  it('errcode 45009 (api freq out of limit) is retried; 93000 (invalid webhook url) is not', async () => {
    const busy = await receiver((_req, n) => (n < 3 ? answers.wecom(45009, 'api freq out of limit') : answers.wecom()));
    const bad = await receiver(() => answers.wecom(93000, 'invalid webhook url'));
    const [a, b] = await fastDeliver().deliver(report, [target('wecom', busy, 'busy'), target('wecom', bad, 'bad')], options({ attempts: 5 }));
    expect(a).toEqual({ target: 'busy', kind: 'wecom', ok: true, attempts: 3 });
    expect(b).toMatchObject({ target: 'bad', ok: false, attempts: 1 });
    expect(b.error).toContain('errcode 93000: invalid webhook url');
  });
});

describe('Slack incoming webhook', () => {
  it('gets Block Kit sections with a text fallback and answers "ok"', async () => {
    const r = await receiver(() => answers.slack());
    const [res] = await fastDeliver().deliver(report, [target('slack', r)], options());
    expect(res).toEqual({ target: 'slack-ops', kind: 'slack', ok: true, attempts: 1 });
    const body = JSON.parse(r.requests[0].body) as { text: string; blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[] };
    expect(body.text).toContain('Namespace tobedeletedb is stuck Terminating');
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🔴 ack-drift · shop-prod-hz: degraded' } });
    expect(body.blocks.every((b) => ['header', 'section', 'context'].includes(b.type))).toBe(true);
    const all = body.blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '').join('\n');
    expectInOrder(all, ['Namespace tobedeletedb is stuck Terminating', ...CHAIN, FIX, COUNTS, `<${REPORT_URL}|Open the report page>`, DELIVERY_ID]);
  });

  it('a 400 with "invalid_payload" is permanent; a 200 that is not "ok" is a failure', async () => {
    const bad = await receiver(() => ({ status: 400, headers: { 'content-type': 'text/plain' }, body: 'invalid_payload' }));
    const odd = await receiver(() => ({ status: 200, body: 'no_text' }));
    const [a, b] = await fastDeliver().deliver(report, [target('slack', bad, 'a'), target('slack', odd, 'b')], options());
    expect(a).toMatchObject({ ok: false, attempts: 1 });
    expect(a.error).toContain('HTTP 400: invalid_payload');
    expect(b).toMatchObject({ ok: false, attempts: 1 });
    expect(b.error).toContain('"no_text" instead of "ok"');
  });
});

describe('generic webhook (Standard Webhooks)', () => {
  it('gets the full report in a {type, timestamp, data} envelope that standardwebhooks verifies', async () => {
    const r = await receiver(() => answers.generic());
    const [res] = await fastDeliver().deliver(report, [target('generic', r)], options());
    expect(res).toEqual({ target: 'generic-ops', kind: 'generic', ok: true, attempts: 1 });
    const req = r.requests[0];
    expect(req.headers['webhook-id']).toBe(DELIVERY_ID);
    const payload = verifyStandardWebhook(SECRETS.generic, req) as { type: string; timestamp: string; data: { deliveryId: string; reportUrl: string; truncated: boolean; report: Report } };
    expect(payload).toMatchObject({ type: 'ack-drift.report', timestamp: report.generatedAt, data: { deliveryId: DELIVERY_ID, reportUrl: REPORT_URL, truncated: false } });
    expect(payload.data.report).toEqual(report);
    expect(reportProblems(payload.data.report)).toEqual([]);
  });

  it('a tampered body or another secret fails verification', async () => {
    const r = await receiver(() => answers.generic());
    await fastDeliver().deliver(report, [target('generic', r)], options());
    const req = r.requests[0];
    expect(() => verifyStandardWebhook(SECRETS.generic, { ...req, body: req.body.replace('degraded', 'healthy') })).toThrow(/signature/i);
    expect(() => verifyStandardWebhook(`whsec_${Buffer.from('another-key-of-enough-length').toString('base64')}`, req)).toThrow(/signature/i);
  });
});

describe('idempotency: the same report and delivery id give the same bytes', () => {
  it.each<WebhookKind>(['dingtalk', 'lark', 'wecom', 'slack', 'generic'])('%s', async (kind) => {
    const r = await receiver(() => (kind === 'slack' ? answers.slack() : kind === 'lark' ? answers.lark() : kind === 'generic' ? answers.generic() : answers.dingtalk()));
    const { deliver } = fastDeliver();
    await deliver(report, [target(kind, r)], options({ now: () => CLOCK }));
    await deliver(structuredClone(report), [target(kind, r)], options({ now: () => new Date(CLOCK.getTime() + 61_000) }));
    const strip = (b: string) => b.replace(/^\{"timestamp":"\d+","sign":"[^"]+",/, '{');
    expect(strip(r.requests[1].body)).toBe(strip(r.requests[0].body));
    expect(r.requests[0].body).toContain(DELIVERY_ID);
    // The canaries travel in the URL and the signature only, never in a body.
    for (const canary of [...Object.values(SECRETS), 'canarydingtalktoken', 'canary-lark-hook', 'canary-wecom-key', 'canarySlackToken']) expect(r.requests[0].body).not.toContain(canary);
  });
});

describe('a healthy run and an unverified one', () => {
  it.each<WebhookKind>(['dingtalk', 'lark', 'wecom', 'slack'])('%s: says "healthy" without a root-cause section; says what was not verified', async (kind) => {
    const healthy: Report = {
      ...report,
      summary: {
        status: 'healthy',
        headline: 'No drift: routes, RAM permissions, APIServices and namespaces are as they should be.',
        counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0, unknown: 0 },
      },
      findings: [],
      rootCauses: [],
    };
    const unverified: Report = {
      ...healthy,
      summary: { ...healthy.summary, status: 'unknown', headline: 'No drift found in what could be read, but routes could not be completed.', counts: { ...healthy.summary.counts, unknown: 1 } },
      coverage: [{ check: 'routes', status: 'failed', reason: 'vpc:DescribeRouteEntryList Throttling.User (request 6F3E)' }],
    };
    const r = await receiver(() => (kind === 'slack' ? answers.slack() : kind === 'lark' ? answers.lark() : answers.dingtalk()));
    const { deliver } = fastDeliver();
    await deliver(healthy, [target(kind, r)], options({ reportUrl: undefined }));
    await deliver(unverified, [target(kind, r)], options({ reportUrl: undefined }));
    const [ok, unknown] = r.requests.map((q) => q.body);
    expectInOrder(ok, ['✅ ack-drift · shop-prod-hz: healthy', 'No drift: routes, RAM permissions', 'no findings', DELIVERY_ID]);
    expect(ok).not.toMatch(/Root cause|Open the report page/);
    expectInOrder(unknown, [
      '🟡 ack-drift · shop-prod-hz: unknown',
      'No drift found in what could be read',
      '1 unknown',
      'Not verified',
      'routes failed: vpc:DescribeRouteEntryList Throttling.User (request 6F3E)',
    ]);
  });
});
