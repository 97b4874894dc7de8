/** The report, schemaVersion "1" (docs/report.md), as a TypeBox schema: types and validation from one source. */
import { Type, type Static } from '@sinclair/typebox';

const Severity = Type.Union([Type.Literal('critical'), Type.Literal('high'), Type.Literal('medium'), Type.Literal('low'), Type.Literal('info')]);
const FindingId = Type.String({ pattern: '^f-[0-9a-f]{12}$' });

export const ReportSchema = Type.Object(
  {
    schemaVersion: Type.Literal('1'),
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
        status: Type.Union([Type.Literal('fail'), Type.Literal('pass'), Type.Literal('unknown'), Type.Literal('not_applicable')]),
        severity: Severity,
        resource: Type.Object({ kind: Type.String(), name: Type.Optional(Type.String()), id: Type.Optional(Type.String()), namespace: Type.Optional(Type.String()) }),
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
    stats: Type.Object({ durationMs: Type.Integer({ minimum: 0 }), apiCalls: Type.Record(Type.String(), Type.Integer({ minimum: 0 })) }),
    /** Defects of the auditor itself met during the run (a check that threw, findings that broke the schema): present only when there were some. */
    internalErrors: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
  },
  { additionalProperties: true },
);
export type Report = Static<typeof ReportSchema>;
