/** Generic JSON webhook: the report in a Standard Webhooks envelope, signed with `webhook-id/-timestamp/-signature`. */
import { changeHeadline } from '../report/changes-view';
import type { Report } from '../report/schema';
import { type Channel, JSON_HEADERS } from './channel';
import { standardWebhooksKey, standardWebhooksSignature } from './sign';
import { truncateUtf8, utf8Bytes } from '../util/truncate';
import { severityRank } from '../findings/base';

type ReportFinding = Report['findings'][number];

/** The full report goes out when its envelope fits 256 KiB; else a summary: the report cut to the findings that fit. */
export const GENERIC_MAX_BODY_BYTES = 256 * 1024;

export const generic: Channel = {
  format(report, ctx) {
    // Standard Webhooks payload shape {type, timestamp, data}; the timestamp is the report's, so a retry is byte-identical.
    const envelope = (type: string, data: Record<string, unknown>) =>
      JSON.stringify({
        type,
        timestamp: report.generatedAt,
        data: { deliveryId: ctx.deliveryId, ...(report.changes ? { changed: changeHeadline(report.changes) } : {}), ...(ctx.reportUrl ? { reportUrl: ctx.reportUrl } : {}), ...data },
      });
    const fits = (body: string) => utf8Bytes(body) <= GENERIC_MAX_BODY_BYTES;

    const full = envelope('ack-drift.report', { truncated: false, report });
    if (fits(full)) return { body: full };

    const order = findingsByImportance(report);
    const summary = (keep: number, slim: Slimming) => {
      const kept = new Set(order.slice(0, keep).map((f) => f.id));
      // The summary stays a closed graph (schema-valid): edges to findings left out are dropped with them.
      const findings = report.findings.filter((f) => kept.has(f.id)).map((f) => ({ ...slimmed(f, slim), causedBy: f.causedBy.filter((id) => kept.has(id)) }));
      const rootCauses = report.rootCauses.filter((rc) => rc.chain.every((id) => kept.has(id))).map((rc) => ({ ...rc, explains: rc.explains.filter((id) => kept.has(id)) }));
      const text = slim === 'text' ? slimText(report) : {};
      return envelope('ack-drift.report.summary', { truncated: true, omittedFindings: report.findings.length - findings.length, report: { ...report, ...text, findings, rootCauses } });
    };
    // Keep at least the first root cause's chain; then as many more findings as fit (sizes grow with keep). When the
    // chain alone is too big, its evidence goes first, then its text is shortened.
    const minimum = Math.min(order.length, report.rootCauses[0]?.chain.length ?? 0);
    for (const slim of ['none', 'evidence', 'text'] as const) {
      if (!fits(summary(minimum, slim))) continue;
      let lo = minimum;
      let hi = order.length;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(summary(mid, slim))) lo = mid;
        else hi = mid - 1;
      }
      return { body: summary(lo, slim) };
    }
    return { error: `the report summary cannot fit ${GENERIC_MAX_BODY_BYTES} bytes` };
  },

  sign(url, body, ctx) {
    const timestamp = Math.floor(ctx.now.getTime() / 1000);
    const headers: Record<string, string> = { ...JSON_HEADERS, 'webhook-id': ctx.deliveryId, 'webhook-timestamp': String(timestamp) };
    if (ctx.secret) {
      const key = standardWebhooksKey(ctx.secret);
      if (!key) return { error: 'the generic webhook secret is not a whsec_ base64 key' };
      headers['webhook-signature'] = standardWebhooksSignature(key, ctx.deliveryId, timestamp, body);
    }
    return { url, headers, body };
  },

  judgeBody() {
    // Standard Webhooks: any 2xx is a delivery, whatever the body says.
    return { ok: true };
  },
};

type Slimming = 'none' | 'evidence' | 'text';

const TEXT_BYTES = 4096;
const cut = (t: string) => truncateUtf8(t, TEXT_BYTES);

// Without evidence, or also with every text field cut to a few KB (a hostile report can make any field huge).
function slimmed(f: ReportFinding, slim: Slimming): ReportFinding {
  if (slim === 'none') return f;
  if (slim === 'evidence') return { ...f, evidence: {} };
  return {
    ...f,
    evidence: {},
    message: cut(f.message),
    remediation: f.remediation.map((r) => ({ ...r, description: cut(r.description), ...(r.command === undefined ? {} : { command: cut(r.command) }) })),
  };
}

// The report-level text, cut the same way: headline, coverage reasons, and the API-call tally (keys are free text).
function slimText(report: Report): Pick<Report, 'summary' | 'coverage' | 'stats'> {
  return {
    summary: { ...report.summary, headline: cut(report.summary.headline) },
    coverage: report.coverage.map((c) => ({ ...c, reason: cut(c.reason) })),
    stats: { durationMs: report.stats.durationMs, apiCalls: {} },
  };
}

// The first root cause's chain, then the other chains, then failing by severity, unknown, and the rest.
function findingsByImportance(report: Report): ReportFinding[] {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const seen = new Set<string>();
  const out: ReportFinding[] = [];
  const add = (f: ReportFinding | undefined) => {
    if (f && !seen.has(f.id)) seen.add(f.id), out.push(f);
  };
  for (const rc of report.rootCauses) for (const id of rc.chain) add(byId.get(id));
  const rank = (f: ReportFinding) => (f.status === 'fail' ? 0 : f.status === 'unknown' ? 1 : 2) * 10 + severityRank(f.severity);
  for (const f of [...report.findings].sort((a, b) => rank(a) - rank(b))) add(f);
  return out;
}
