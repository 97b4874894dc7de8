/**
 * The functions' `{"doctor": true}` events. The simulated Function Compute runs the real audit handler, so dispatch's
 * round trip goes dispatch → fc2 (or the FC 3.0 SDK) → FC → audit handler's ping answer, in both FC modes.
 */
import { createAuditHandler } from '../../functions/audit/handler';
import { createDispatchHandler } from '../../functions/dispatch/handler';
import type { DoctorResult } from '../../shared/doctor/item';
import { createFcInvoker } from '../../shared/fleet/fc-invoker';
import { MemoryIdempotencyStore } from '../../shared/handler/idempotency';
import { captureLogs } from '../../shared/log/capture';
import { deliverReport } from '../../shared/notify/deliver';
import type { Scenario } from '../../shared/scenario/schema';
import { startSimulators, type Simulators } from '../../shared/sim/start';
import { CANARY, fcContext, invokeEvent, leakedCanaries, stsSeedScenario } from './support';

function envFor(scenario: Scenario, sims: Simulators): NodeJS.ProcessEnv {
  const url = sims.cloud.url;
  return {
    ACK_DRIFT_REGIONS: scenario.region,
    ACK_DRIFT_CLUSTER_IDS: scenario.cluster.clusterId,
    ACK_DRIFT_ENDPOINT_VPC: url,
    ACK_DRIFT_ENDPOINT_ECS: url,
    ACK_DRIFT_ENDPOINT_RAM: url,
    ACK_DRIFT_ENDPOINT_RESOURCEMANAGER: url,
    ACK_DRIFT_ENDPOINT_CS: url,
    ACK_DRIFT_ENDPOINT_FC: url,
    FC_REGION: scenario.region,
    FC_ACCOUNT_ID: scenario.accountId,
  };
}

/** Both simulators, with FC running the real audit handler under the name `ack-drift-audit`. */
async function world(edit: (s: Scenario) => void = () => undefined) {
  const scenario = stsSeedScenario();
  edit(scenario);
  let env: NodeJS.ProcessEnv = {};
  const audit = createAuditHandler({
    env: new Proxy({}, { get: (_t, k: string) => env[k] }) as NodeJS.ProcessEnv,
    logger: captureLogs().logger,
    deliver: deliverReport,
    store: new MemoryIdempotencyStore(),
  });
  const sims = await startSimulators(scenario, {
    fcFunctions: { 'ack-drift-audit': async (event) => JSON.stringify(await audit(Buffer.from(event), fcContext(scenario))) },
  });
  env = envFor(scenario, sims);
  return { scenario, sims, env, audit };
}

describe('doctor events', () => {
  it('audit answers a ping at once, and runs its checklist on {"doctor": true}', async () => {
    const { scenario, sims, env, audit } = await world();
    try {
      await expect(audit(invokeEvent({ doctor: 'ping' }), fcContext(scenario))).resolves.toEqual({ pong: true, function: 'ack-drift-audit' });
      const logs = captureLogs();
      const checked = createAuditHandler({ env, logger: logs.logger, deliver: deliverReport, store: new MemoryIdempotencyStore() });
      const result = (await checked(invokeEvent({ doctor: true }), fcContext(scenario))) as DoctorResult;
      expect(result.items.filter((i) => i.status === 'fail')).toEqual([]);
      expect(result.items.map((i) => i.id)).toEqual(expect.arrayContaining(['runtime', 'credentials', 'cs:DescribeClusterDetail', 'k8s:list nodes', 'ram:GetPolicy']));
      expect(result.ok).toBe(true);
      expect(leakedCanaries(JSON.stringify(result) + logs.text())).toEqual([]);
      expect(sims.cloud.calls['cs:DescribeClusterDetail']).toBe(1);
    } finally {
      await sims.close();
    }
  });

  it('audit checks the managed route controller role it is configured with (ACK_DRIFT_MANAGED_CCM_ROLE)', async () => {
    const { scenario, sims, env } = await world((s) => {
      s.cluster.clusterType = 'ManagedKubernetes';
      s.cluster.addons = [{ name: 'cloud-controller-manager', version: 'v2.12.4', config: '{}' }];
      const trust = { Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['cs.aliyuncs.com'] } }] };
      s.cloud.ram.roles = s.cloud.ram.roles.filter((r) => r.RoleName !== 'AliyunCSManagedKubernetesRole');
      s.cloud.ram.roles.push({ RoleName: 'CcmRouteRole', AssumeRolePolicyDocument: trust, AttachedPolicies: [] });
    });
    try {
      const checked = createAuditHandler({ env: { ...env, ACK_DRIFT_MANAGED_CCM_ROLE: 'CcmRouteRole' }, logger: captureLogs().logger, deliver: deliverReport, store: new MemoryIdempotencyStore() });
      const result = (await checked(invokeEvent({ doctor: true }), fcContext(scenario))) as DoctorResult;
      expect(result.items.find((i) => i.id.startsWith('ram:role '))).toMatchObject({ id: 'ram:role CcmRouteRole', status: 'ok' });
    } finally {
      await sims.close();
    }
  });

  it.each(['accept', 'refuse'] as const)('dispatch lists the fleet and pings the audit function through FC (fc2 signature: %s)', async (mode) => {
    const { sims, env, scenario } = await world((s) => (s.cloud.functionCompute = { fc2Signature: mode }));
    try {
      const dispatch = createDispatchHandler({ env, logger: captureLogs().logger, invoker: createFcInvoker });
      const result = (await dispatch(invokeEvent({ doctor: true }), fcContext(scenario, { function: { name: 'ack-drift-dispatch', timeout: 60 } }))) as DoctorResult;
      expect(result.ok).toBe(true);
      expect(result.items.find((i) => i.id === `cs:DescribeClustersV1 ${scenario.region}`)).toMatchObject({ status: 'ok' });
      expect(result.items.find((i) => i.id === 'invoke:ack-drift-audit')).toMatchObject({
        status: 'ok',
        detail: expect.stringMatching(mode === 'accept' ? /^round trip through fc2 / : /^round trip through fc20230330 /),
      });
      // The ping was a sync invocation that queued nothing.
      expect(sims.cloud.fcInvocations.map((i) => i.invocationType)).toEqual(['Sync']);
      expect(JSON.stringify(result)).not.toContain(CANARY.securityToken);
    } finally {
      await sims.close();
    }
  });

  it('dispatch reports an audit function that FC does not know, with the fix', async () => {
    const { sims, env, scenario } = await world();
    try {
      const dispatch = createDispatchHandler({ env: { ...env, ACK_DRIFT_AUDIT_FUNCTION: 'ack-drift-audit-typo' }, logger: captureLogs().logger, invoker: createFcInvoker });
      const result = (await dispatch(invokeEvent({ doctor: true }), fcContext(scenario))) as DoctorResult;
      expect(result.ok).toBe(false);
      expect(result.items.find((i) => i.id === 'invoke:ack-drift-audit-typo')).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(/FunctionNotFound|HTTP404/),
        fix: expect.stringContaining('ACK_DRIFT_AUDIT_FUNCTION'),
      });
    } finally {
      await sims.close();
    }
  });
});
