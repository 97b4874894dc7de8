/** FC 3.0 entry point of `dispatch` (runtime nodejs20, handler index.handler): one async `audit` per cluster of the fleet. */
import { createFcInvoker } from 'shared/fleet/fc-invoker';
import { createLogger } from 'shared/log/logger';
import { createDispatchHandler } from './handler';

// Re-dispatching is harmless: each audit gets its run id from this trigger, so its alerts keep their delivery ids.
export const handler = createDispatchHandler({
  env: process.env,
  logger: createLogger({ level: process.env.ACK_DRIFT_LOG_LEVEL }),
  invoker: createFcInvoker,
});
