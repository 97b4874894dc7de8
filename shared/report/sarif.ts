/** SARIF 2.1.0 for code-scanning dashboards: one run, catalogue codes as rules, failing and unknown findings as results. */
import type * as Sarif from 'sarif';
import type { Severity } from '../findings/types';
import { resourceLabel } from './headline';
import { sarifRules, SARIF_LEVEL as LEVEL } from './sarif-rules';
import type { ReportFinding } from './root-cause-view';
import type { Report } from './schema';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Builds the SARIF log of a report. */
export function toSarif(report: Report): Sarif.Log {
  const rules = sarifRules(report.findings.map((f) => f.code));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));

  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const rootOf = new Map(report.rootCauses.map((rc) => [rc.findingId, rc]));
  const explainedBy = (id: string) => report.rootCauses.filter((rc) => rc.explains.includes(id)).map((rc) => rc.findingId);

  // SARIF's own baseline comparison: new, updated (worse) or unchanged against the previous run.
  const baseline = new Map<string, Sarif.Result['baselineState']>();
  if (report.changes) {
    for (const e of report.changes.new) baseline.set(e.id, 'new');
    for (const e of report.changes.worsened) baseline.set(e.id, 'updated');
    for (const id of report.changes.unchanged) baseline.set(id, 'unchanged');
  }
  const results = report.findings
    .filter((f) => f.status === 'fail' || f.status === 'unknown')
    .map((f): Sarif.Result => {
      const rc = rootOf.get(f.id);
      const related = f.causedBy.map((id, i) => byId.get(id) && relatedLocation(byId.get(id)!, i + 1)).filter((l): l is Sarif.Location => l !== undefined);
      const result: Sarif.Result = {
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code),
        // An unknown finding is a check that could not decide: SARIF's kind "open" (more information is needed),
        // and SARIF requires level "none" for any kind but "fail".
        ...(f.status === 'unknown' ? { kind: 'open', level: 'none' } : { kind: 'fail', level: levelOf(f.severity) }),
        message: { text: f.message },
        locations: [{ logicalLocations: [logicalLocation(f)] }],
        partialFingerprints: { 'ackDriftFindingId/v1': f.id },
        properties: {
          findingId: f.id,
          check: f.check,
          status: f.status,
          severity: f.severity,
          resource: f.resource,
          evidence: f.evidence,
          remediation: f.remediation,
          causedBy: f.causedBy,
          ...(rc ? { rootCause: { explains: rc.explains, chain: rc.chain } } : {}),
          explainedBy: explainedBy(f.id),
        },
      };
      if (baseline.has(f.id)) result.baselineState = baseline.get(f.id);
      if (related.length) result.relatedLocations = related;
      if (rc && rc.chain.length > 1) result.codeFlows = [chainFlow(rc.chain.map((id) => byId.get(id)).filter((x): x is ReportFinding => x !== undefined))];
      return result;
    });

  const gaps = report.coverage.filter((c) => c.status === 'failed' || c.status === 'partial');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ack-drift', ...(report.tool ? { version: report.tool.version } : {}), rules } },
        automationDetails: { id: `ack-drift/${report.cluster.clusterId || 'cluster'}/${report.runId}` },
        invocations: [
          {
            // A check that could not run at all makes the run incomplete; a partial one is reported as a warning.
            executionSuccessful: !gaps.some((g) => g.status === 'failed'),
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: gaps.map((g) => ({
              level: g.status === 'failed' ? 'error' : 'warning',
              message: { text: `${g.check}: ${g.status}: ${g.reason}` },
              descriptor: { id: g.check },
            })),
          },
        ],
        results,
        properties: {
          schemaVersion: report.schemaVersion,
          cluster: report.cluster,
          summary: report.summary,
          rootCauses: report.rootCauses,
          coverage: report.coverage,
          stats: report.stats,
          ...(report.changes ? { changes: report.changes } : {}),
        },
      },
    ],
  };
}

/** The SARIF log as the text `--format sarif` prints. */
export function renderSarif(report: Report): string {
  return `${JSON.stringify(toSarif(report), null, 2)}\n`;
}

function levelOf(severity: string): Sarif.ReportingConfiguration.level {
  return LEVEL[severity as Severity] ?? 'warning';
}

function logicalLocation(f: ReportFinding): Sarif.LogicalLocation {
  const r = f.resource;
  const name = r.name ?? r.id ?? r.kind;
  return { name, kind: r.kind, fullyQualifiedName: [r.kind, r.namespace, name].filter(Boolean).join('/') };
}

function relatedLocation(cause: ReportFinding, id: number): Sarif.Location {
  return { id, message: { text: `caused by ${cause.code} (${cause.id}): ${resourceLabel(cause)}` }, logicalLocations: [logicalLocation(cause)] };
}

// The chain symptom → root as a thread flow: SARIF viewers step through it like a data-flow path.
function chainFlow(chain: ReportFinding[]): Sarif.CodeFlow {
  return {
    message: { text: 'symptom → root cause' },
    threadFlows: [{ locations: chain.map((f) => ({ location: { message: { text: `${f.code}: ${f.message}` }, logicalLocations: [logicalLocation(f)] } })) }],
  };
}
