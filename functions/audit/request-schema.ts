/** The JSON Schemas of what an audit invocation may be asked: a timer payload or direct invocation, and the HTTP query. */
import { Type, type Static } from '@sinclair/typebox';
import { CLUSTER_ID_PATTERN, OneOf, REGION_PATTERN } from 'shared/config/env-schema';
import { RUN_ID_PATTERN } from 'shared/handler/run-id';
import { FORMATS } from 'shared/report/render';

const CLUSTER_ID = Type.String({ pattern: CLUSTER_ID_PATTERN });
const REGION = Type.String({ pattern: REGION_PATTERN });

/** A timer payload or a direct invocation: `{"clusterId":"c-…","region":"cn-hangzhou","dryRun":true}`. */
export const AuditRequest = Type.Object(
  { clusterId: Type.Optional(CLUSTER_ID), region: Type.Optional(REGION), dryRun: Type.Optional(Type.Boolean()), runId: Type.Optional(Type.String({ pattern: RUN_ID_PATTERN })) },
  { additionalProperties: false },
);

/** The HTTP trigger's query: `?format=html&clusterId=c-…`; `notify=true` alerts (a page view does not, by default). */
export const AuditQuery = Type.Object(
  {
    format: Type.Optional(OneOf(FORMATS)),
    clusterId: Type.Optional(CLUSTER_ID),
    region: Type.Optional(REGION),
    notify: Type.Optional(OneOf(['true', 'false'] as const)),
  },
  { additionalProperties: false },
);
/** The doctor's checklist on the audit function: `{"doctor": true, "clusterId"?: "c…", "region"?: "…", "sendTest"?: true}`. */
export const DoctorRequest = Type.Object(
  { doctor: Type.Literal(true), clusterId: Type.Optional(CLUSTER_ID), region: Type.Optional(REGION), sendTest: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type AuditRequest = Static<typeof AuditRequest>;
export type DoctorRequest = Static<typeof DoctorRequest>;
export type AuditQuery = Static<typeof AuditQuery>;
