/** The schema of `<clusterId>/latest.json` (compiled ahead of time by scripts/validators.ts; see latest.ts). */
import { Type, type Static } from '@sinclair/typebox';
import { SEVERITIES } from '../findings/base';

const Snapshot = Type.Object({
  id: Type.String(),
  code: Type.String(),
  status: Type.Union([Type.Literal('fail'), Type.Literal('pass'), Type.Literal('unknown'), Type.Literal('not_applicable')]),
  severity: Type.Union(SEVERITIES.map((s) => Type.Literal(s))),
  resource: Type.Object({ kind: Type.String(), name: Type.Optional(Type.String()), id: Type.Optional(Type.String()), namespace: Type.Optional(Type.String()) }),
  message: Type.String(),
});
const Count = Type.Integer({ minimum: 0 });
const RunRef = Type.Object({ runId: Type.String(), generatedAt: Type.String(), findings: Type.Array(Snapshot) });

export const LatestSchema = Type.Object({
  kind: Type.Literal('ack-drift/latest'),
  version: Type.Literal(1),
  clusterId: Type.String(),
  name: Type.String(),
  region: Type.String(),
  runId: Type.String(),
  generatedAt: Type.String(),
  status: Type.Union([Type.Literal('healthy'), Type.Literal('degraded'), Type.Literal('unknown')]),
  headline: Type.String(),
  counts: Type.Object({ critical: Count, high: Count, medium: Count, low: Count, info: Count, unknown: Count }),
  /** How many findings were new, worse, resolved, unchanged, and the alert's first line. */
  changes: Type.Optional(Type.Object({ new: Count, worsened: Count, resolved: Count, unchanged: Count, headline: Type.String() })),
  /** The archived report of this run, relative to the prefix. */
  keys: Type.Object({ json: Type.String(), html: Type.String() }),
  /** This run's open problems: what the next run compares with. */
  findings: Type.Array(Snapshot),
  /** What this run compared with, so a redelivered event (same run id) compares the same way and decides the same. */
  basis: Type.Optional(RunRef),
  /** When an alert about this cluster was last delivered: the reminder clock of ACK_DRIFT_NOTIFY_ON=change. */
  lastAlert: Type.Optional(Type.Object({ at: Type.String(), runId: Type.String() })),
});
export type Latest = Static<typeof LatestSchema>;
