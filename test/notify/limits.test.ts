/**
 * Size limits in bytes on the wire: huge synthetic reports in Chinese with emoji, delivered to loopback receivers.
 * Every body stays within its platform's limit, is valid UTF-8, and keeps the headline and the first root cause.
 */
import { DINGTALK_MAX_BODY_BYTES } from '../../shared/notify/dingtalk';
import { GENERIC_MAX_BODY_BYTES } from '../../shared/notify/generic';
import { LARK_MAX_BODY_BYTES } from '../../shared/notify/lark';
import { slackFits, SLACK_LIMITS } from '../../shared/notify/slack';
import { utf8Bytes } from '../../shared/util/truncate';
import type { WebhookKind } from '../../shared/notify/types';
import { WECOM_MAX_CONTENT_BYTES } from '../../shared/notify/wecom';
import type { Report } from '../../shared/report/schema';
import { reportProblems } from '../../shared/report/validate';
import { answers, bigReport, fastDeliver, startReceiver, verifyStandardWebhook, type Received } from './support';

const GENERIC_SECRET = `whsec_${Buffer.from('limits-test-standard-webhooks-key').toString('base64')}`;
const KINDS: WebhookKind[] = ['dingtalk', 'lark', 'wecom', 'slack', 'generic'];

/** Delivers the report to one loopback receiver per platform and returns what each received. */
async function deliverAll(report: Report, reportUrl?: string): Promise<Record<WebhookKind, Received>> {
  const receivers = await Promise.all(
    KINDS.map((k) => startReceiver(() => (k === 'slack' ? answers.slack() : k === 'lark' ? answers.lark() : k === 'generic' ? answers.generic() : answers.dingtalk()))),
  );
  try {
    const targets = KINDS.map((kind, i) => ({
      kind,
      name: kind,
      url: `${receivers[i].origin}/hook`,
      secret: kind === 'generic' ? GENERIC_SECRET : kind === 'wecom' || kind === 'slack' ? undefined : 'SECsecret',
    }));
    const results = await fastDeliver().deliver(report, targets, { deliveryId: 'dlv-big-1', reportUrl, deadline: Date.now() + 15_000, allowHttp: true, allowPrivateNetwork: true });
    expect(results.map((r) => [r.kind, r.ok, r.error])).toEqual(KINDS.map((k) => [k, true, undefined]));
    return Object.fromEntries(KINDS.map((k, i) => [k, receivers[i].requests[0]])) as Record<WebhookKind, Received>;
  } finally {
    await Promise.all(receivers.map((r) => r.close()));
  }
}

/** The text a person sees, per platform. */
function shownText(kind: WebhookKind, body: string): string {
  const json = JSON.parse(body) as Record<string, never>;
  if (kind === 'dingtalk') return (json.markdown as { text: string }).text;
  if (kind === 'wecom') return (json.markdown as { content: string }).content;
  return body;
}

function expectValidUtf8(raw: Buffer): void {
  const text = raw.toString('utf8');
  expect(Buffer.from(text, 'utf8').equals(raw)).toBe(true);
  expect(text.includes('\uFFFD')).toBe(false);
}

function expectWithinLimits(got: Record<WebhookKind, Received>): void {
  expect(got.dingtalk.raw.length).toBeLessThanOrEqual(DINGTALK_MAX_BODY_BYTES);
  expect(got.lark.raw.length).toBeLessThanOrEqual(LARK_MAX_BODY_BYTES);
  expect(utf8Bytes(shownText('wecom', got.wecom.body))).toBeLessThanOrEqual(WECOM_MAX_CONTENT_BYTES);
  expect(slackFits(got.slack.body)).toBe(true);
  expect(got.generic.raw.length).toBeLessThanOrEqual(GENERIC_MAX_BODY_BYTES);
  for (const k of KINDS) expectValidUtf8(got[k].raw);
}

describe('a report with 2,000 findings in Chinese with emoji', () => {
  let report: Report;
  let got: Record<WebhookKind, Received>;
  beforeAll(async () => {
    report = bigReport(2000);
    expect(reportProblems(report)).toEqual([]);
    got = await deliverAll(report, 'https://reports.example/big.html');
  });

  it('fits every platform, in bytes on the wire, as valid UTF-8', () => {
    expectWithinLimits(got);
    // It was truncated for real: the chat platforms show only part of the list.
    expect(got.dingtalk.raw.length).toBeGreaterThan(DINGTALK_MAX_BODY_BYTES * 0.9);
    expect(utf8Bytes(shownText('wecom', got.wecom.body))).toBeGreaterThan(WECOM_MAX_CONTENT_BYTES * 0.8);
  });

  it.each(['dingtalk', 'lark', 'wecom', 'slack'] as const)('%s keeps the headline and the first root cause, and says how many findings it left out', (kind) => {
    const text = shownText(kind, got[kind].body);
    expect(text).toContain('命名空间「测试」卡在 Terminating');
    for (const code of ['NAMESPACE_STUCK_TERMINATING', 'APISERVICE_UNAVAILABLE', 'ROUTE_MISSING', 'RAM_EXPLICIT_DENY']) expect(text).toContain(code);
    const omitted = /…(\d+) more findings, see the report page/.exec(text);
    expect(omitted).not.toBeNull();
    expect(Number(omitted![1])).toBeGreaterThan(1000);
    expect(Number(omitted![1])).toBeLessThan(2000);
    expect(text).toContain('dlv-big-1');
  });

  it('emoji sequences survive whole (no lone regional indicator or dangling ZWJ in what was kept)', () => {
    for (const kind of ['dingtalk', 'lark', 'wecom', 'slack'] as const) {
      const text = shownText(kind, got[kind].body);
      expect(text).toContain('👨‍👩‍👧‍👦');
      expect(text).toContain('🇨🇳');
      expect(/\u200D(?!\p{Extended_Pictographic})/u.test(text)).toBe(false);
    }
  });

  it('the generic receiver gets a signed summary: the first chain kept, the rest counted', () => {
    const payload = verifyStandardWebhook(GENERIC_SECRET, got.generic) as { type: string; data: { truncated: boolean; omittedFindings: number; report: Report } };
    expect(payload.type).toBe('ack-drift.report.summary');
    expect(payload.data.truncated).toBe(true);
    const kept = new Set(payload.data.report.findings.map((f) => f.id));
    expect(report.rootCauses[0].chain.every((id) => kept.has(id))).toBe(true);
    expect(payload.data.report.rootCauses.map((rc) => rc.chain)).toEqual([report.rootCauses[0].chain]);
    expect(payload.data.report.rootCauses[0].explains.every((id) => kept.has(id))).toBe(true);
    expect(payload.data.omittedFindings).toBe(report.findings.length - payload.data.report.findings.length);
    expect(payload.data.omittedFindings).toBeGreaterThan(0);
    expect(reportProblems(payload.data.report)).toEqual([]);
  });
});

describe('a report whose every text field is enormous (hundreds of KB of multi-byte text)', () => {
  let got: Record<WebhookKind, Received>;
  beforeAll(async () => {
    got = await deliverAll(bigReport(5, 1500));
  });

  it('still fits every platform as valid UTF-8', () => {
    expectWithinLimits(got);
  });

  it('shortens rather than drops: the headline and the chain are still there, cut with "…"', () => {
    for (const kind of ['dingtalk', 'lark', 'wecom', 'slack'] as const) {
      const text = shownText(kind, got[kind].body);
      expect(text).toContain('命名空间「测试」卡在 Terminating');
      expect(text).toContain('…');
      expect(text).toContain('RAM_EXPLICIT_DENY');
    }
  });

  it('Slack sections stay within 3,000 characters and the header within 150', () => {
    const body = JSON.parse(got.slack.body) as { blocks: { type: string; text?: { text: string } }[] };
    for (const b of body.blocks) expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(b.type === 'header' ? SLACK_LIMITS.headerText : SLACK_LIMITS.sectionText);
  });

  it('the generic receiver gets the chain without evidence and with its text cut, when even the chain is too big', () => {
    const payload = verifyStandardWebhook(GENERIC_SECRET, got.generic) as { data: { truncated: boolean; report: Report } };
    expect(payload.data.truncated).toBe(true);
    const r = payload.data.report;
    expect(r.rootCauses).toHaveLength(1);
    expect(r.findings.map((f) => f.id)).toEqual(expect.arrayContaining(r.rootCauses[0].chain));
    expect(r.findings.every((f) => Object.keys(f.evidence).length === 0 && utf8Bytes(f.message) <= 4096)).toBe(true);
    expect(r.summary.headline.startsWith('命名空间「测试」卡在 Terminating')).toBe(true);
    expect(reportProblems(r)).toEqual([]);
  });
});
