/** The JSON Schema of a direct invocation of dispatch. */
import { Type, type Static } from '@sinclair/typebox';
import { RUN_ID_PATTERN } from 'shared/handler/run-id';

/** A direct invocation of dispatch: `{}`, `{"dryRun":true}` (audits that post nothing), or with a caller's run id. */
export const DispatchRequest = Type.Object({ dryRun: Type.Optional(Type.Boolean()), runId: Type.Optional(Type.String({ pattern: RUN_ID_PATTERN })) }, { additionalProperties: false });
export type DispatchRequest = Static<typeof DispatchRequest>;
