/**
 * Issue #10 item 12: with a short function timeout, a hung call must not carry the run past its deadline. Each
 * attempt's timeout is cut to the time left, so the report is still delivered before FC would kill the invocation
 * (before the fix, a 10 s Kubernetes timeout outlived an 8 s function and the alert was skipped).
 */
import { createAuditHandler, type AuditSummary } from '../../functions/audit/handler';
import { MemoryIdempotencyStore } from '../../shared/handler/idempotency';
import { captureLogs } from '../../shared/log/capture';
import { deliverReport } from '../../shared/notify/deliver';
import { startSimulators, type Simulators } from '../../shared/sim/start';
import { CANARY, fcContext, invokeEvent, startReceiver, stsSeedScenario, type Receiver } from './support';

let sims: Simulators;
let receiver: Receiver;
const scenario = stsSeedScenario();
// Every node list hangs: the answer never comes.
scenario.faults = [{ target: 'kubernetes', match: { path: '/api/v1/nodes', attempt: { from: 1 } }, effect: { hang: true } }];

beforeAll(async () => {
  sims = await startSimulators(scenario);
  receiver = await startReceiver();
});
afterAll(async () => {
  await Promise.all([sims?.close(), receiver?.close()]);
});

it('an 8 s function with a hung Kubernetes call still delivers its alert and returns before its timeout', async () => {
  const url = sims.cloud.url;
  const env = {
    ACK_DRIFT_REGIONS: scenario.region,
    ACK_DRIFT_ENDPOINT_VPC: url,
    ACK_DRIFT_ENDPOINT_ECS: url,
    ACK_DRIFT_ENDPOINT_RAM: url,
    ACK_DRIFT_ENDPOINT_RESOURCEMANAGER: url,
    ACK_DRIFT_ENDPOINT_CS: url,
    ACK_DRIFT_WEBHOOKS: JSON.stringify([{ kind: 'generic', name: 'oncall', url: `${receiver.url}/hook`, secret: CANARY.webhookSecret }]),
    ACK_DRIFT_ALLOW_PRIVATE_WEBHOOKS: 'true',
    ACK_DRIFT_ALLOW_HTTP_WEBHOOKS: 'true',
  };
  const h = createAuditHandler({ env, logger: captureLogs().logger, deliver: deliverReport, store: new MemoryIdempotencyStore() });
  const started = Date.now();
  const summary = (await h(invokeEvent({ clusterId: scenario.cluster.clusterId }), fcContext(scenario, { function: { name: 'ack-drift-audit', timeout: 8 } }))) as AuditSummary;
  const ms = Date.now() - started;
  expect(ms).toBeLessThan(8000);
  expect(summary.deliveries).toEqual([expect.objectContaining({ target: 'oncall', ok: true })]);
  expect(receiver.received).toHaveLength(1);
  // The nodes were never read: the run says so rather than passing.
  expect(summary.status).not.toBe('healthy');
}, 30_000);
