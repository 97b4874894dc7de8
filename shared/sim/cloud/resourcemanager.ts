/**
 * ResourceManager 2020-03-31 (central endpoint resourcemanager.aliyuncs.com): resource-group policy attachments and
 * the Resource Directory's control policies, shaped as the SDK models of @alicloud/resourcemanager20200331 state.
 */
import type { SimContext } from './context';
import { CloudError } from './errors';
import { SIM_CREATED } from './ids';
import { recordOf, type JsonObject } from './json';
import { pageWindow } from './paging';
import type { RpcAction, RpcProduct } from './rpc-action';
import type { RpcParams } from './rpc-params';

// ListPolicyAttachmentsRequest: "Valid values: 1 to 100. Default value: 10."
const PAGE_NUMBER = { default: 1, min: 1, max: 1_000_000 };
const PAGE_SIZE = { default: 10, min: 1, max: 100 };
const PRINCIPAL_TYPES = ['IMSUser', 'IMSGroup', 'ServiceRole'];
const POLICY_TYPES = ['System', 'Custom'];

function listPolicyAttachments(ctx: SimContext, params: RpcParams): JsonObject {
  const pageNumber = params.int('PageNumber', PAGE_NUMBER);
  const pageSize = params.int('PageSize', PAGE_SIZE);
  const principalType = params.get('PrincipalType');
  if (principalType !== undefined && !PRINCIPAL_TYPES.includes(principalType)) throw new CloudError(400, 'InvalidParameter.PrincipalType', 'The PrincipalType is invalid.');
  const policyType = params.get('PolicyType');
  if (policyType !== undefined && !POLICY_TYPES.includes(policyType)) throw new CloudError(400, 'InvalidParameter.PolicyType', 'The PolicyType is invalid.');
  const filters: [string, string | undefined][] = [
    ['ResourceGroupId', params.get('ResourceGroupId')],
    ['PolicyName', params.get('PolicyName')],
    ['PolicyType', policyType],
    ['PrincipalType', principalType],
    ['PrincipalName', params.get('PrincipalName')],
  ];
  const rows = (ctx.scenario.cloud.policyAttachments ?? []).filter((a) => {
    const r = recordOf(a);
    return filters.every(([k, v]) => v === undefined || r[k] === v);
  });
  return {
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalCount: rows.length,
    PolicyAttachments: { PolicyAttachment: pageWindow(rows, pageNumber, pageSize).map((a) => ({ AttachDate: SIM_CREATED, Description: '', ...recordOf(a) })) },
  };
}

function directory(ctx: SimContext) {
  const rd = ctx.scenario.cloud.resourceDirectory;
  // GetResourceDirectory's documented answer for an account outside any Resource Directory.
  if (!rd) throw new CloudError(404, 'ResourceDirectoryNotInUse', 'The specified account is not an Alibaba Cloud account or a member account of the resource directory.');
  return rd;
}

function getResourceDirectory(ctx: SimContext): JsonObject {
  const rd = directory(ctx);
  return {
    ResourceDirectory: {
      ResourceDirectoryId: rd.ResourceDirectoryId,
      RootFolderId: rd.RootFolderId,
      MasterAccountId: rd.MasterAccountId,
      MasterAccountName: 'rd-admin',
      ControlPolicyStatus: rd.ControlPolicyStatus ?? 'Enabled',
      MemberDeletionStatus: 'Disabled',
      CreateTime: SIM_CREATED,
    },
  };
}

function accountNotFound(): CloudError {
  return new CloudError(404, 'EntityNotExists.Account', 'The specified account does not exist in the resource directory.');
}

function getAccount(ctx: SimContext, params: RpcParams): JsonObject {
  const rd = directory(ctx);
  const id = params.required('AccountId');
  if (id !== ctx.scenario.accountId) throw accountNotFound();
  return {
    Account: {
      AccountId: id,
      AccountName: `member-${id}`,
      DisplayName: `member-${id}`,
      FolderId: rd.accountFolderId,
      ResourceDirectoryId: rd.ResourceDirectoryId,
      JoinMethod: 'invited',
      JoinTime: SIM_CREATED,
      ModifyTime: SIM_CREATED,
      Status: 'CreateSuccess',
      Type: 'ResourceAccount',
    },
  };
}

function listAncestors(ctx: SimContext, params: RpcParams): JsonObject {
  const rd = directory(ctx);
  const child = params.required('ChildId');
  const parentOf = new Map(rd.folders.map((f) => [f.FolderId, f.ParentFolderId]));
  if (child !== rd.RootFolderId && !parentOf.has(child)) throw new CloudError(404, 'EntityNotExists.Folder', 'The specified folder does not exist.');
  const chain: string[] = [];
  for (let id = parentOf.get(child); id !== undefined && !chain.includes(id); id = parentOf.get(id)) chain.unshift(id);
  const nameOf = (id: string) => (id === rd.RootFolderId ? 'Root' : (rd.folders.find((f) => f.FolderId === id)?.FolderName ?? id));
  return { Folders: { Folder: chain.map((id) => ({ FolderId: id, FolderName: nameOf(id), CreateTime: SIM_CREATED })) } };
}

function listControlPolicyAttachmentsForTarget(ctx: SimContext, params: RpcParams): JsonObject {
  const rd = directory(ctx);
  const target = params.required('TargetId');
  const known = target === rd.RootFolderId || target === ctx.scenario.accountId || rd.folders.some((f) => f.FolderId === target);
  if (!known) throw new CloudError(404, 'EntityNotExists.Target', 'The specified target does not exist in the resource directory.');
  const policies = rd.attachments.filter((a) => a.TargetId === target).flatMap((a) => rd.controlPolicies.filter((p) => p.PolicyId === a.PolicyId));
  return {
    ControlPolicyAttachments: {
      ControlPolicyAttachment: policies.map((p) => ({
        PolicyId: p.PolicyId,
        PolicyName: p.PolicyName,
        PolicyType: p.PolicyType,
        EffectScope: p.EffectScope ?? 'RAM',
        Description: '',
        AttachDate: SIM_CREATED,
      })),
    },
  };
}

function getControlPolicy(ctx: SimContext, params: RpcParams): JsonObject {
  const rd = directory(ctx);
  const id = params.required('PolicyId');
  const p = rd.controlPolicies.find((x) => x.PolicyId === id);
  if (!p) throw new CloudError(404, 'EntityNotExists.ControlPolicy', 'The specified control policy does not exist.');
  const { PolicyDocument, ...rest } = recordOf(p);
  return {
    ControlPolicy: {
      Description: '',
      EffectScope: 'RAM',
      CreateDate: SIM_CREATED,
      UpdateDate: SIM_CREATED,
      AttachmentCount: String(rd.attachments.filter((a) => a.PolicyId === id).length),
      ...rest,
      // Like RAM, the document is a JSON string (GetControlPolicyResponseBody `policyDocument: string`).
      PolicyDocument: typeof PolicyDocument === 'string' ? PolicyDocument : JSON.stringify(PolicyDocument),
    },
  };
}

// A central service: RegionId is neither required nor checked.
const actions: Record<string, RpcAction> = {
  ListPolicyAttachments: { region: 'none', handle: listPolicyAttachments },
  GetResourceDirectory: { region: 'none', handle: getResourceDirectory },
  GetAccount: { region: 'none', handle: getAccount },
  ListAncestors: { region: 'none', handle: listAncestors },
  ListControlPolicyAttachmentsForTarget: { region: 'none', handle: listControlPolicyAttachmentsForTarget },
  GetControlPolicy: { region: 'none', handle: getControlPolicy },
};

/** The ResourceManager product. */
export const resourceManagerProduct: RpcProduct = { code: 'resourcemanager', version: '2020-03-31', actions };
