/** What an alert says, in the order a person on call reads it: headline, the root-cause chain, the fix, then the rest. */
import type { Report } from '../report/schema';
import { changeHeadline } from '../report/changes-view';
import { resourceLabel } from '../report/headline';
import { truncateUtf8 } from '../util/truncate';
import { SEVERITIES, severityRank } from '../findings/base';
import { repairOrder } from '../findings/repair-order';

type ReportFinding = Report['findings'][number];

export interface DigestLine {
  /** `CRITICAL`…`INFO` for a failing finding, else its status (`UNKNOWN`). */
  label: string;
  code: string;
  resource: string;
  message: string;
}

export interface DigestFix {
  description: string;
  command?: string;
  /** The finding this step repairs after the root cause is fixed (absent for the root's own fix). */
  after?: string;
}

export interface Digest {
  title: string;
  status: Report['summary']['status'];
  headline: string;
  /** The first root cause: its chain from symptom to root, and the fix. */
  cause?: { explains: number; chain: DigestLine[]; fixes: DigestFix[] };
  /** Everything else worth a line, most important first; the part a size limit cuts. */
  more: DigestLine[];
  counts: string;
  /** Checks that could not read everything: what the report does not vouch for. */
  gaps: string[];
  reportUrl?: string;
  /** The small footer every chat message carries: people and receivers deduplicate on the delivery id. */
  delivery: { id: string; runId: string; generatedAt: string };
}

export interface DigestContext {
  deliveryId: string;
  reportUrl?: string;
}

// A line in the "more" list is a pointer to the report, not the evidence: keep each short. Chain lines may say more,
// but a hostile megabyte message must not reach the size-fitting loop.
const MORE_LINE_BYTES = 300;
const CHAIN_LINE_BYTES = 4000;
const COUNT_KEYS = [...SEVERITIES, 'unknown'] as const;
const STATUS_ICON: Record<Digest['status'], string> = { degraded: '🔴', unknown: '🟡', healthy: '✅' };

/** Builds the alert's content from a report (deterministic: the same report and delivery id give the same digest). */
export function buildDigest(report: Report, ctx: DigestContext): Digest {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const [first, ...otherRoots] = report.rootCauses;
  const chain = (first?.chain ?? []).map((id) => byId.get(id)).filter((f): f is ReportFinding => f !== undefined);
  const inChain = new Set(chain.map((f) => f.id));
  const root = chain[chain.length - 1];

  const more: DigestLine[] = [];
  for (const rc of otherRoots) {
    const f = byId.get(rc.findingId);
    if (!f || inChain.has(f.id)) continue;
    inChain.add(f.id);
    more.push(line(f, `Root cause of ${rc.explains.length} finding${rc.explains.length === 1 ? '' : 's'}: ${f.message}`, MORE_LINE_BYTES));
  }
  const rest = report.findings.filter((f) => (f.status === 'fail' || f.status === 'unknown') && !inChain.has(f.id));
  rest.sort((a, b) => statusRank(a) - statusRank(b) || severityRank(a.severity) - severityRank(b.severity));
  for (const f of rest) more.push(line(f, f.message, MORE_LINE_BYTES));

  const c = report.cluster;
  // With a memory, what changed is the first thing said ("new: ROUTE_MISSING on node X; resolved: 2").
  const said = report.changes ? truncateUtf8(changeHeadline(report.changes), 300) : report.summary.status;
  return {
    title: `${STATUS_ICON[report.summary.status]} ack-drift · ${truncateUtf8(c.name || c.clusterId, 100)}: ${said}`,
    status: report.summary.status,
    headline: report.summary.headline,
    cause: root && { explains: first.explains.length, chain: chain.map((f) => line(f, f.message, CHAIN_LINE_BYTES)), fixes: fixesFor(chain) },
    more,
    counts: countsLine(report.summary.counts),
    gaps: report.coverage.filter((g) => g.status === 'failed' || g.status === 'partial').map((g) => `${g.check} ${g.status}: ${g.reason}`),
    reportUrl: ctx.reportUrl,
    delivery: { id: ctx.deliveryId, runId: report.runId, generatedAt: report.generatedAt },
  };
}

/** The same digest with every free-text field cut to `maxBytes`: what is left when even the essentials are too big. */
export function shortenDigest(d: Digest, maxBytes: number): Digest {
  const cut = (t: string) => truncateUtf8(t, maxBytes);
  const cutLine = (l: DigestLine): DigestLine => ({ ...l, resource: cut(l.resource), message: cut(l.message) });
  return {
    ...d,
    headline: cut(d.headline),
    cause: d.cause && {
      explains: d.cause.explains,
      chain: d.cause.chain.map(cutLine),
      fixes: d.cause.fixes.map((f) => ({ ...f, description: cut(f.description), command: f.command === undefined ? undefined : cut(f.command) })),
    },
    more: d.more.map(cutLine),
    gaps: d.gaps.map(cut),
  };
}

/** The footer as plain text: `delivery <id> · run <run> · <time>`. */
export function footerText(d: Digest): string {
  return `delivery ${d.delivery.id} · run ${d.delivery.runId} · ${d.delivery.generatedAt}`;
}

/** The closing line of the "more" list when a size limit cut it. */
export function moreMarker(omitted: number, hasLink: boolean): string {
  return `…${omitted} more finding${omitted === 1 ? '' : 's'}, see the ${hasLink ? 'report page' : 'full report'}`;
}

function line(f: ReportFinding, message: string, maxBytes: number): DigestLine {
  const label = f.status === 'fail' ? f.severity.toUpperCase() : f.status.toUpperCase();
  return { label, code: f.code, resource: truncateUtf8(resourceLabel(f), 200), message: truncateUtf8(message, maxBytes) };
}

// The root's own fix first, then outward (repairOrder): repair what the root cause broke, symptom by symptom.
function fixesFor(chain: ReportFinding[]): DigestFix[] {
  const [root, ...outward] = repairOrder(chain[chain.length - 1].id, chain);
  const fix = (r: ReportFinding['remediation'][number], after?: string): DigestFix => ({
    description: truncateUtf8(r.description, CHAIN_LINE_BYTES),
    command: r.command === undefined ? undefined : truncateUtf8(r.command, CHAIN_LINE_BYTES),
    after,
  });
  const fixes = root.remediation.filter((r) => !r.lastResort).map((r) => fix(r));
  for (const f of outward) for (const r of f.remediation) if (!r.lastResort && r.command) fixes.push(fix(r, f.code));
  return fixes;
}

function statusRank(f: ReportFinding): number {
  return f.status === 'fail' ? 0 : 1;
}

function countsLine(counts: Report['summary']['counts']): string {
  const parts = COUNT_KEYS.filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
  return parts.length ? parts.join(' · ') : 'no findings';
}
