/** FC 3.0 entry point of `audit` (runtime nodejs20, handler index.handler): audits one cluster per invocation. */
import { MemoryIdempotencyStore } from 'shared/handler/idempotency';
import { createLogger } from 'shared/log/logger';
import { deliverReport } from 'shared/notify/deliver';
import { createAuditHandler } from './handler';

// Per instance: a redelivered event on this warm instance is caught here; across instances see idempotency.ts.
export const handler = createAuditHandler({
  env: process.env,
  logger: createLogger({ level: process.env.ACK_DRIFT_LOG_LEVEL }),
  deliver: deliverReport,
  store: new MemoryIdempotencyStore(),
});
