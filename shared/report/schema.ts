/**
 * The report as a TypeBox schema (docs/report.md): types and validation from one source. Version "1.1" adds the
 * optional `changes` section (what changed since the previous run of the cluster); a "1" report is still valid.
 */
import { Type, type Static } from '@sinclair/typebox';
import { SEVERITIES } from '../findings/base';

const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
const FindingId = Type.String({ pattern: '^f-[0-9a-f]{12}$' });
const FindingStatus = Type.Union([Type.Literal('fail'), Type.Literal('pass'), Type.Literal('unknown'), Type.Literal('not_applicable')]);
const Resource = Type.Object({ kind: Type.String(), name: Type.Optional(Type.String()), id: Type.Optional(Type.String()), namespace: Type.Optional(Type.String()) });

export { SCHEMA_VERSION } from './schema-version';

/** One finding in `changes`: enough to name it even when it is no longer in the report (a resolved one). */
const ChangeEntry = Type.Object({ id: FindingId, code: Type.String(), status: FindingStatus, severity: Severity, resource: Resource, message: Type.String() });

/** What changed since the previous report of the same cluster (present when the run has a state store). */
const Changes = Type.Object({
  /** The run compared against; null on the first run, where every open problem is new. */
  since: Type.Union([Type.Object({ runId: Type.String(), generatedAt: Type.String({ format: 'date-time' }) }), Type.Null()]),
  new: Type.Array(ChangeEntry),
  worsened: Type.Array(Type.Intersect([ChangeEntry, Type.Object({ was: Type.Object({ status: FindingStatus, severity: Severity }) })])),
  /** Ids of open problems that are the same as before. */
  unchanged: Type.Array(FindingId),
  resolved: Type.Array(ChangeEntry),
});

export const ReportSchema = Type.Object(
  {
    schemaVersion: Type.Union([Type.Literal('1'), Type.Literal('1.1')]),
    runId: Type.String({ minLength: 1 }),
    generatedAt: Type.String({ format: 'date-time' }),
    /** The ack-drift that wrote the report (absent in reports written before 0.1.0 carried it). */
    tool: Type.Optional(Type.Object({ name: Type.String(), version: Type.String() })),
    cluster: Type.Object({
      clusterId: Type.String(),
      name: Type.String(),
      region: Type.String(),
      vpcId: Type.String(),
      network: Type.String(),
      clusterType: Type.String(),
    }),
    summary: Type.Object({
      status: Type.Union([Type.Literal('healthy'), Type.Literal('degraded'), Type.Literal('unknown')]),
      headline: Type.String({ minLength: 1 }),
      counts: Type.Object({
        critical: Type.Integer({ minimum: 0 }),
        high: Type.Integer({ minimum: 0 }),
        medium: Type.Integer({ minimum: 0 }),
        low: Type.Integer({ minimum: 0 }),
        info: Type.Integer({ minimum: 0 }),
        unknown: Type.Integer({ minimum: 0 }),
      }),
    }),
    findings: Type.Array(
      Type.Object({
        id: FindingId,
        code: Type.String({ pattern: '^[A-Z][A-Z0-9_]+$' }),
        check: Type.String(),
        status: FindingStatus,
        severity: Severity,
        resource: Resource,
        message: Type.String({ minLength: 1 }),
        evidence: Type.Record(Type.String(), Type.Unknown()),
        remediation: Type.Array(Type.Object({ description: Type.String(), command: Type.Optional(Type.String()), lastResort: Type.Optional(Type.Boolean()) })),
        causedBy: Type.Array(FindingId),
      }),
    ),
    rootCauses: Type.Array(Type.Object({ findingId: FindingId, explains: Type.Array(FindingId), chain: Type.Array(FindingId, { minItems: 1 }) })),
    coverage: Type.Array(
      Type.Object({
        check: Type.Union([Type.Literal('routes'), Type.Literal('ram'), Type.Literal('apiservices'), Type.Literal('namespaces'), Type.Literal('nodes')]),
        status: Type.Union([Type.Literal('complete'), Type.Literal('partial'), Type.Literal('failed'), Type.Literal('not_applicable')]),
        reason: Type.String(),
      }),
    ),
    changes: Type.Optional(Changes),
    stats: Type.Object({
      durationMs: Type.Integer({ minimum: 0 }),
      apiCalls: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
      /** Why the run's memory (archive, previous report, delivery claims) was not used in full; the report itself is complete. */
      stateWarnings: Type.Optional(Type.Array(Type.String())),
    }),
    /** Defects of the auditor itself met during the run (a check that threw, findings that broke the schema): present only when there were some. */
    internalErrors: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    /** The ordered fix (shared/fix/types.ts FixPlan); optional so reports saved before it still render. */
    fixPlan: Type.Optional(
      Type.Object({
        steps: Type.Array(
          Type.Object(
            { id: Type.String(), phase: Type.String(), findingIds: Type.Array(FindingId), title: Type.String(), description: Type.String(), command: Type.Optional(Type.String()) },
            { additionalProperties: true },
          ),
        ),
        withoutFix: Type.Array(Type.Object({ findingId: FindingId, code: Type.String(), reason: Type.String() })),
      }),
    ),
  },
  { additionalProperties: true },
);
export type Report = Static<typeof ReportSchema>;
