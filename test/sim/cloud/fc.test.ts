/**
 * Function Compute through @alicloud/fc2 (FC 2.0 signature) and @alicloud/fc20230330 (ACS3-HMAC-SHA256 on the
 * 2023-03-30 paths): signed invocations recorded, async 202, FC-format errors, async task de-duplication.
 */
import Fc3, { InvokeFunctionHeaders, InvokeFunctionRequest } from '@alicloud/fc20230330';
import { Readable } from 'node:stream';
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import type { Scenario } from '../../../shared/scenario/schema';
import { simCredentials } from '../../../shared/sim/credentials';
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

  describe('FC 3.0 (ACS3-HMAC-SHA256, @alicloud/fc20230330)', () => {
    type Config = ConstructorParameters<typeof Fc3>[0];
    const fc3 = (url: string, s: Scenario, override: { accessKeySecret?: string; securityToken?: string } = {}) => {
      const creds = simCredentials(s);
      return new Fc3({
        accessKeyId: creds.accessKeyId,
        accessKeySecret: creds.accessKeySecret,
        securityToken: creds.securityToken,
        regionId: s.region,
        endpoint: new URL(url).host,
        protocol: 'http',
        ...override,
      } as Config);
    };
    const invoke = (client: Fc3, body: string, taskId?: string) =>
      client.invokeFunctionWithOptions(
        'audit',
        new InvokeFunctionRequest({ body: Readable.from([Buffer.from(body)]) }),
        new InvokeFunctionHeaders({ xFcInvocationType: 'Async', xFcAsyncTaskId: taskId }),
        { autoretry: false } as Parameters<Fc3['invokeFunctionWithOptions']>[3],
      );
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string; statusCode?: number }) => `${e.statusCode} ${e.code}`,
      );

    it("verifies the official client's signature, records the invocation, and refuses a duplicate task id with 409", async () => {
      const before = sim.fcInvocations.length;
      const res = await invoke(fc3(sim.url, scenario), '{"clusterId":"c1"}', 'ackdrift_once');
      expect(res.statusCode).toBe(202);
      expect(sim.fcInvocations.at(-1)).toMatchObject({ path: '/2023-03-30/functions/audit/invocations', invocationType: 'Async', body: '{"clusterId":"c1"}' });
      expect(sim.fcInvocations.at(-1)?.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=[^,]+,SignedHeaders=[^,]*host[^,]*,Signature=[0-9a-f]{64}$/);
      expect(await codeOf(invoke(fc3(sim.url, scenario), '{"clusterId":"c1"}', 'ackdrift_once'))).toBe('409 AsyncTaskAlreadyExists');
      expect(sim.fcInvocations).toHaveLength(before + 1);
    });

    it('refuses a wrong secret, a replayed request, a body that does not hash to x-acs-content-sha256, and an unsigned x-acs header', async () => {
      const before = sim.fcInvocations.length;
      expect(await codeOf(invoke(fc3(sim.url, scenario, { accessKeySecret: 'wrong' }), '{}'))).toBe('403 SignatureNotMatch');
      await invoke(fc3(sim.url, scenario), '{"a":1}');
      const signed = sim.fcInvocations.at(-1)!;
      const url = `${sim.url}${signed.path}`;
      const headers = { ...signed.headers };
      delete headers['content-length'];
      const replay = await send(url, 'POST', headers, signed.body);
      expect([replay.status, JSON.parse(replay.body).Code]).toEqual([400, 'SignatureNonceUsed']);
      const tampered = await send(url, 'POST', { ...headers, 'x-acs-signature-nonce': 'fresh-1' }, '{"a":2}');
      expect([tampered.status, JSON.parse(tampered.body)]).toMatchObject([403, { Code: 'SignatureNotMatch', RequestId: expect.any(String) }]);
      const smuggled = await send(url, 'POST', { ...headers, 'x-acs-signature-nonce': 'fresh-2', 'x-acs-extra': '1' }, signed.body);
      expect([smuggled.status, JSON.parse(smuggled.body).Code]).toEqual([400, 'InvalidArgument']);
      expect(sim.fcInvocations).toHaveLength(before + 1);
    });

    it('checks x-acs-security-token for STS credentials', async () => {
      const sts = seedScenario();
      sts.auditor = { ...sts.auditor, accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2Ueh', securityToken: 'CAIS-current' };
      const other = await startCloudSimulator(sts);
      try {
        await invoke(fc3(other.url, sts), '{}');
        expect(other.fcInvocations[0].headers['x-acs-security-token']).toBe('CAIS-current');
        expect(await codeOf(invoke(fc3(other.url, sts, { securityToken: 'CAIS-stale' }), '{}'))).toBe('403 InvalidSecurityToken.Expired');
      } finally {
        await other.close();
      }
    });

    it("refuses fc2's FC 2.0 signature on 2023-03-30 paths when the scenario says FC 3.0 does, and keeps it on 2016-08-15 paths", async () => {
      const strict = seedScenario();
      strict.cloud.functionCompute = { fc2Signature: 'refuse' };
      const other = await startCloudSimulator(strict);
      try {
        const client = fcClient(other.url, strict);
        await client.invokeFunction('s', 'f', '{}', { 'X-Fc-Invocation-Type': 'Async' });
        client.version = '2023-03-30';
        const refused = await failure<FcError>(client.post('/functions/audit/invocations', '{}', { 'x-fc-invocation-type': 'Async' }));
        // FC 3.0 answers Code/Message/RequestId, which fc2 does not read: it sees the status only.
        expect(refused.message).toMatch(/failed with 403\./);
        expect(other.fcInvocations.map((i) => i.path)).toEqual(['/2016-08-15/services/s/functions/f/invocations']);
      } finally {
        await other.close();
      }
    });
  });
});
