/** Function Compute through @alicloud/fc2: signed invocations recorded, async 202, FC-format errors. */
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import type { Scenario } from '../../../shared/scenario/schema';
import { failure, fcClient, seedScenario, send, type FcError } from './support';

describe('Function Compute', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;

  beforeAll(async () => {
    scenario = seedScenario();
    sim = await startCloudSimulator(scenario);
  });
  afterAll(() => sim.close());

  it('records an async invocation (2016-08-15 path with a qualifier) and answers 202 with x-fc-request-id', async () => {
    const event = JSON.stringify({ mode: 'scheduled' });
    const res = await fcClient(sim.url, scenario).invokeFunction('audit-svc', 'collector', event, { 'X-Fc-Invocation-Type': 'Async' }, 'LATEST');
    expect(res.data).toBe('');
    expect(res.headers['x-fc-request-id']).toMatch(/^[0-9A-F]{8}-/);
    expect(sim.fcInvocations).toHaveLength(1);
    expect(sim.fcInvocations[0]).toMatchObject({
      path: '/2016-08-15/services/audit-svc.LATEST/functions/collector/invocations',
      service: 'audit-svc',
      functionName: 'collector',
      qualifier: 'LATEST',
      invocationType: 'Async',
      body: event,
    });
    expect(sim.fcInvocations[0].headers['x-fc-account-id']).toBe(scenario.accountId);
    expect(sim.calls['fc:InvokeFunction']).toBe(1);
  });

  it('accepts the 2023-03-30 path (fc2 with version 2023-03-30) as a sync invocation', async () => {
    const client = fcClient(sim.url, scenario);
    client.version = '2023-03-30';
    await client.post('/functions/notify/invocations', '{}', {});
    expect(sim.fcInvocations.at(-1)).toMatchObject({ path: '/2023-03-30/functions/notify/invocations', functionName: 'notify', invocationType: 'Sync' });
  });

  it('rejects a wrong secret with 403 SignatureNotMatch and an unknown key with InvalidAccessKeyID, recording nothing', async () => {
    const before = sim.fcInvocations.length;
    const wrong = await failure<FcError>(fcClient(sim.url, scenario, { accessKeySecret: 'wrong' }).invokeFunction('s', 'f', '{}', { 'X-Fc-Invocation-Type': 'Async' }));
    expect([wrong.code, wrong.name]).toEqual(['SignatureNotMatch', 'FCSignatureNotMatchError']);
    expect(wrong.message).toMatch(/failed with 403/);
    const unknown = await failure<FcError>(fcClient(sim.url, scenario, { accessKeyId: 'LTAI-unknown' }).invokeFunction('s', 'f', '{}'));
    expect(unknown.code).toBe('InvalidAccessKeyID');
    const unsigned = await send(`${sim.url}/2016-08-15/services/s/functions/f/invocations`, 'POST', { date: new Date().toUTCString() }, '{}');
    expect([unsigned.status, JSON.parse(unsigned.body).ErrorCode]).toEqual([400, 'MissingRequiredHeader']);
    expect(sim.fcInvocations).toHaveLength(before);
  });

  it('checks x-fc-security-token when the auditor uses STS credentials', async () => {
    const sts = seedScenario();
    sts.auditor = { ...sts.auditor, accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2Ueh', securityToken: 'CAIS-current' };
    const other = await startCloudSimulator(sts);
    try {
      await fcClient(other.url, sts).invokeFunction('s', 'f', '{}', { 'X-Fc-Invocation-Type': 'Async' });
      expect(other.fcInvocations[0].headers['x-fc-security-token']).toBe('CAIS-current');
      const stale = await failure<FcError>(fcClient(other.url, sts, { securityToken: 'CAIS-stale' }).invokeFunction('s', 'f', '{}'));
      expect(stale.code).toBe('InvalidSecurityToken.Expired');
    } finally {
      await other.close();
    }
  });

  it('answers another FC path with 400 PathNotSupported', async () => {
    const res = await send(`${sim.url}/2016-08-15/services`, 'GET');
    expect([res.status, JSON.parse(res.body)]).toEqual([400, { ErrorCode: 'PathNotSupported', ErrorMessage: "'GET' against '/2016-08-15/services' is not supported" }]);
  });
});
