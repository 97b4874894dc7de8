/**
 * ResourceManager 2020-03-31 through pop-core: resource-group policy attachments paged as the SDK model states
 * (PageSize 1–100), the Resource Directory's answers and its documented 404s, signatures checked like every RPC product.
 */
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import type { Scenario } from '../../../shared/scenario/schema';
import { failure, rpcClient, seedScenario, type PopError } from './support';
import type RPCClient = require('@alicloud/pop-core');

const ROLE = 'KubernetesMasterRole-8e4b1c7d';

function withAttachments(scenario: Scenario, n: number): Scenario {
  scenario.cloud.policyAttachments = Array.from({ length: n }, (_, i) => ({
    ResourceGroupId: `rg-acfm${String(i).padStart(4, '0')}`,
    PolicyName: `Policy${i}`,
    PolicyType: 'Custom' as const,
    PrincipalType: (i % 2 ? 'IMSUser' : 'ServiceRole') as 'IMSUser' | 'ServiceRole',
    PrincipalName: i % 2 ? `alice@${scenario.accountId}.onaliyun.com` : `${ROLE}@role.${scenario.accountId}.onaliyunservice.com`,
  }));
  return scenario;
}

describe('ResourceManager', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;
  let rm: RPCClient;

  beforeAll(async () => {
    scenario = withAttachments(seedScenario(), 25);
    scenario.cloud.resourceDirectory = {
      ResourceDirectoryId: 'rd-k3Qw9z',
      RootFolderId: 'r-Wm4xTq',
      MasterAccountId: '1290447563021884',
      accountFolderId: 'fd-prod7Hx2',
      folders: [
        { FolderId: 'fd-biz2Lp9', ParentFolderId: 'r-Wm4xTq' },
        { FolderId: 'fd-prod7Hx2', ParentFolderId: 'fd-biz2Lp9' },
      ],
      controlPolicies: [{ PolicyId: 'cp-deny1', PolicyName: 'FreezeNetwork', PolicyType: 'Custom', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Deny', Action: 'vpc:*', Resource: '*' }] } }],
      attachments: [{ TargetId: 'fd-biz2Lp9', PolicyId: 'cp-deny1' }],
    };
    sim = await startCloudSimulator(scenario);
    rm = rpcClient(sim.url, scenario, 'resourcemanager');
  });
  afterAll(() => sim.close());

  it('ListPolicyAttachments pages PolicyAttachments.PolicyAttachment[] with TotalCount and filters by principal', async () => {
    const page2 = await rm.request<Record<string, unknown>>('ListPolicyAttachments', { PrincipalType: 'ServiceRole', PageNumber: 2, PageSize: 10 });
    expect(page2).toMatchObject({ PageNumber: 2, PageSize: 10, TotalCount: 13 });
    const rows = (page2.PolicyAttachments as { PolicyAttachment: Record<string, unknown>[] }).PolicyAttachment;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ PrincipalType: 'ServiceRole', PolicyType: 'Custom', ResourceGroupId: expect.stringMatching(/^rg-/), AttachDate: expect.any(String) });
    const all = await rm.request<Record<string, unknown>>('ListPolicyAttachments', { PageSize: 100 });
    expect(all.TotalCount).toBe(25);
  });

  it('refuses a PageSize outside 1–100 and an unknown PrincipalType', async () => {
    expect((await failure<PopError>(rm.request('ListPolicyAttachments', { PageSize: 101 }))).code).toBe('InvalidParameter');
    expect((await failure<PopError>(rm.request('ListPolicyAttachments', { PrincipalType: 'RamRole' }))).code).toBe('InvalidParameter.PrincipalType');
  });

  it('checks the signature like every RPC product', async () => {
    const err = await failure<PopError>(rpcClient(sim.url, scenario, 'resourcemanager', { accessKeySecret: 'wrong' }).request('GetResourceDirectory', {}));
    expect(err.code).toBe('SignatureDoesNotMatch');
  });

  it('GetResourceDirectory, GetAccount and ListAncestors place the account in its folders', async () => {
    const rd = await rm.request<{ ResourceDirectory: Record<string, unknown> }>('GetResourceDirectory', {});
    expect(rd.ResourceDirectory).toMatchObject({ ResourceDirectoryId: 'rd-k3Qw9z', RootFolderId: 'r-Wm4xTq', MasterAccountId: '1290447563021884', ControlPolicyStatus: 'Enabled' });
    const account = await rm.request<{ Account: Record<string, unknown> }>('GetAccount', { AccountId: scenario.accountId });
    expect(account.Account.FolderId).toBe('fd-prod7Hx2');
    const ancestors = await rm.request<{ Folders: { Folder: { FolderId: string }[] } }>('ListAncestors', { ChildId: 'fd-prod7Hx2' });
    expect(ancestors.Folders.Folder.map((f) => f.FolderId)).toEqual(['r-Wm4xTq', 'fd-biz2Lp9']);
  });

  it('ListControlPolicyAttachmentsForTarget and GetControlPolicy answer the document as a JSON string; unknown targets are 404', async () => {
    const attached = await rm.request<{ ControlPolicyAttachments: { ControlPolicyAttachment: Record<string, unknown>[] } }>('ListControlPolicyAttachmentsForTarget', { TargetId: 'fd-biz2Lp9' });
    expect(attached.ControlPolicyAttachments.ControlPolicyAttachment).toEqual([expect.objectContaining({ PolicyId: 'cp-deny1', PolicyName: 'FreezeNetwork', PolicyType: 'Custom' })]);
    const policy = await rm.request<{ ControlPolicy: { PolicyDocument: string } }>('GetControlPolicy', { PolicyId: 'cp-deny1' });
    expect(JSON.parse(policy.ControlPolicy.PolicyDocument)).toEqual({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'vpc:*', Resource: '*' }] });
    const err = await failure<PopError>(rm.request('ListControlPolicyAttachmentsForTarget', { TargetId: 'fd-nope' }));
    expect([err.code, err.entry.response.statusCode]).toEqual(['EntityNotExists.Target', 404]);
  });

  it('answers 404 ResourceDirectoryNotInUse for an account outside any directory', async () => {
    const outside = seedScenario();
    const sim2 = await startCloudSimulator(outside);
    try {
      const err = await failure<PopError>(rpcClient(sim2.url, outside, 'resourcemanager').request('GetResourceDirectory', {}));
      expect([err.code, err.entry.response.statusCode, err.data.HostId]).toEqual(['ResourceDirectoryNotInUse', 404, 'resourcemanager.aliyuncs.com']);
    } finally {
      await sim2.close();
    }
  });
});
