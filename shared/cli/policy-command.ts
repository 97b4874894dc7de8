/** `ack-drift policy`: evaluate RAM policy documents for one request and explain the decision. */
import { basename } from 'node:path';
import { ALL_RESOURCES, parseArn } from '../ram/arn';
import { evaluate } from '../ram/evaluate';
import { renderDecisionText } from '../ram/explain';
import { printable, quote } from '../ram/grammar';
import type { AttachedPolicy, DecisionKind, RequestContext } from '../ram/model';
import { parsePolicy } from '../ram/parse';
import { InputError, UsageError } from '../util/errors';
import { endpointHost } from '../collect/api-error';
import { CallStats } from '../collect/call-stats';
import { CloudReader } from '../collect/cloud';
import { createCloudClients, regionEndpoints } from '../collect/cloud-clients';
import { failureOf } from '../collect/read';
import { auditConfig } from '../pipeline/config';
import { endpointOverrides } from './account';
import { findCredentials } from './credentials';
import { defineCommand, listOpt, stringOpt, type CommandInput } from './command-spec';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

const DECISION_EXIT: Readonly<Record<DecisionKind, number>> = { allow: EXIT.ok, explicitDeny: 1, implicitDeny: 1, indeterminate: 3 };

const REQUEST_ACTION = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$/;

/** `KEY=VALUE` pairs; a repeated key becomes a multi-valued key. Values stay text: each operator parses its own. */
function readContext(pairs: readonly string[]): RequestContext {
  const context: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--context must be KEY=VALUE, got ${quote(pair)}`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const had = Object.prototype.hasOwnProperty.call(context, key) ? context[key] : undefined;
    context[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return context;
}

/**
 * What a policy file holds: a policy document, or what `aliyun ram GetPolicy` prints (`Policy` and
 * `DefaultPolicyVersion.PolicyDocument`, the document as a JSON string) or `aliyun ram GetPolicyVersion`
 * (`PolicyVersion.PolicyDocument`). The API's answer also names the policy, its type and its version.
 */
function unwrapApiAnswer(text: string): { document: string; name?: string; type?: 'System' | 'Custom'; version?: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { document: text };
  }
  const o = doc && typeof doc === 'object' ? (doc as Record<string, Record<string, unknown> | undefined>) : {};
  const version = o.DefaultPolicyVersion ?? o.PolicyVersion;
  if (!version || !('PolicyDocument' in version)) return { document: text };
  const document = typeof version.PolicyDocument === 'string' ? version.PolicyDocument : JSON.stringify(version.PolicyDocument);
  const type = o.Policy?.PolicyType === 'System' ? 'System' : o.Policy?.PolicyType === 'Custom' ? 'Custom' : undefined;
  return { document, name: typeof o.Policy?.PolicyName === 'string' ? o.Policy.PolicyName : undefined, type, version: typeof version.VersionId === 'string' ? version.VersionId : undefined };
}

function loadPolicies(files: readonly string[], io: CliIo): AttachedPolicy[] {
  const names = files.map((f) => basename(f));
  return files.map((file, i) => {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (err) {
      throw new UsageError(`${file}: cannot read: ${printable(err instanceof Error ? err.message : String(err))}`);
    }
    const answer = unwrapApiAnswer(text);
    const parsed = parsePolicy(answer.document);
    if (!parsed.ok) throw new UsageError(`${file}: invalid policy document\n  ${parsed.errors.join('\n  ')}`);
    for (const w of parsed.warnings) io.stderr(`ack-drift policy: ${file}: warning: ${w}\n`);
    // The file name is the policy name, unless two files share it: then the path tells them apart.
    const name = answer.name ?? (names.indexOf(names[i]) === names.lastIndexOf(names[i]) ? names[i] : file);
    return { name, type: answer.type ?? 'Custom', version: answer.version ?? 'file', document: parsed.policy };
  });
}

/** The default versions of the policies attached to a RAM role, read from the account (GetRole, ListPoliciesForRole, GetPolicy). */
async function rolePolicies(role: string, input: CommandInput, io: CliIo): Promise<AttachedPolicy[]> {
  const found = await findCredentials(io.env, stringOpt(input, 'profile'));
  // RAM is not regional: the region only names the (unused) regional endpoints of the other products.
  const endpoints = { ...regionEndpoints('cn-hangzhou'), ...endpointOverrides(listOpt(input, 'endpoint'), io.env) };
  const reader = new CloudReader(createCloudClients(found.credentials, endpoints, 10_000), new CallStats(), auditConfig({ region: 'cn-hangzhou', deadlineMs: 60_000 }).cloud);
  io.stderr(`ack-drift policy: reading the policies of role ${role} from ${endpointHost(endpoints.ram)} (credentials: ${found.source})\n`);
  let identity: Awaited<ReturnType<CloudReader['ramRole']>>;
  try {
    identity = await reader.ramRole(role);
  } catch (err) {
    const f = failureOf('ram:GetRole', err);
    if (f.code === 'EntityNotExist.Role') throw new InputError(`--role ${role}: no such RAM role in this account (${endpointHost(endpoints.ram)} answered ${f.api} with ${f.code})`);
    throw new InputError(
      `--role ${role}: ${f.api} failed with ${f.code}${f.requestId ? ` (request id ${f.requestId})` : ''}: ` +
        `${f.message}${/^(Forbidden|NoPermission)/.test(f.code) ? ' (infra/ram-policy.json grants the reads ack-drift makes)' : ''}`,
    );
  }
  if (identity.policies.status !== 'complete') {
    const f = identity.policies.status === 'not_collected' ? undefined : identity.policies.failures[0];
    throw new InputError(`--role ${role}: its policies could not be read${f ? `: ${f.api} failed with ${f.code}${f.requestId ? ` (request id ${f.requestId})` : ''}` : ''}`);
  }
  return identity.policies.value.map((p) => {
    const parsed = parsePolicy(p.document);
    if (!parsed.ok) throw new InputError(`--role ${role}: policy ${p.policyName} (${p.versionId}) does not parse: ${parsed.errors[0]}`);
    return { name: p.policyName, type: p.policyType === 'System' ? 'System' : 'Custom', version: p.versionId, document: parsed.policy };
  });
}

/** What `policy` leaves out, said with every answer: `audit` evaluates the rest. */
const IDENTITY_ONLY =
  "Evaluated: identity policies only (the given documents and the role's account-scope attachments); policies attached at " +
  'resource-group scope and Resource Directory control policies are not, and `ack-drift audit` evaluates them.';

/** Runs `ack-drift policy`; returns the exit code. */
async function runPolicy(input: CommandInput, io: CliIo): Promise<number> {
  const files = listOpt(input, 'policy');
  const action = stringOpt(input, 'action');
  const role = stringOpt(input, 'role');
  if (!files.length && role === undefined) throw new UsageError('--policy FILE or --role NAME is required');
  if (action === undefined) throw new UsageError('--action ACTION is required');
  if (!REQUEST_ACTION.test(action)) {
    throw new UsageError(`--action must be <service>:<action> in ASCII letters, digits, "-", "_" and "." (no wildcards), got ${quote(action)}`);
  }
  const resource = stringOpt(input, 'resource') ?? ALL_RESOURCES;
  if (resource !== ALL_RESOURCES && !parseArn(resource)) {
    throw new UsageError(`--resource must be * or an ARN acs:<service>:<region>:<account>:<relative-id>, got ${quote(resource)}`);
  }
  const request = { action, resource, context: readContext(listOpt(input, 'context')) };
  const policies = [...loadPolicies(files, io), ...(role === undefined ? [] : await rolePolicies(role, input, io))];
  const decision = evaluate(request, policies);
  // The command sees the documents it is given and the role's account-scope attachments, nothing more.
  const scope = `${IDENTITY_ONLY}\n`;
  if (stringOpt(input, 'format') === 'json') {
    io.stdout(`${JSON.stringify(decision, null, 2)}\n`);
    io.stderr(`ack-drift policy: ${scope}`);
  } else io.stdout(`${renderDecisionText(decision, request)}${scope}`);
  return DECISION_EXIT[decision.decision];
}

export const POLICY_COMMAND = defineCommand({
  name: 'policy',
  summary: 'evaluate RAM policy documents for one request and explain the decision',
  usage: '(--policy FILE ... | --role NAME) --action ACTION [--resource ARN] [--context KEY=VALUE ...] [--format text|json]',
  details: [
    'Keys left out of the context are unknown, and conditions on them are indeterminate. A --policy file may be a policy',
    'document or what `aliyun ram GetPolicy` / `aliyun ram GetPolicyVersion` print (the policy name, type and version',
    'then come from it). --role reads the default versions of the policies attached to a role from the account, with',
    'credentials found as for audit. It evaluates identity policies only: policies attached at resource-group scope and',
    'the control policies of a Resource Directory are left to `ack-drift audit`, and every answer says so.',
    '',
    'Examples:',
    '  aliyun ram GetPolicy --PolicyName k8sMasterRolePolicy-8e4b1c7d --PolicyType Custom > master.json',
    '  ack-drift policy --policy master.json --action vpc:CreateRouteEntry',
    '  ack-drift policy --role KubernetesMasterRole-8e4b1c7d --action vpc:CreateRouteEntry',
    '  ack-drift policy --policy infra/ram-policy.json --action vpc:CreateRouteEntry \\',
    '    --resource acs:vpc:cn-hangzhou:1234567890123456:routetable/vtb-1 --context acs:SourceVpc=vpc-1',
  ].join('\n'),
  options: [
    { flags: '--policy <FILE>', description: 'a RAM policy document (JSON, or `aliyun ram GetPolicy` output); repeatable', repeatable: true },
    { flags: '--role <NAME>', description: 'also evaluate the policies attached to this RAM role, read from the account' },
    { flags: '--profile <NAME>', description: 'with --role: the aliyun CLI profile to read the account with' },
    { flags: '--endpoint <PRODUCT=URL>', description: 'with --role: endpoint override, ram=https://… (repeatable)', repeatable: true },
    { flags: '--action <ACTION>', description: 'the API action, <service>:<action> (e.g. vpc:CreateRouteEntry)' },
    { flags: '--resource <ARN>', description: 'the resource it authorises on, e.g. acs:vpc:cn-hangzhou:123:routetable/vtb-1', defaultText: '*' },
    { flags: '--context <KEY=VALUE>', description: 'a request-context value (acs:SourceVpc=vpc-1); repeat a key for several values', repeatable: true },
    { flags: '--format <FORMAT>', description: 'output', choices: ['text', 'json'], defaultText: 'text' },
  ],
  exitCodes: [
    [EXIT.ok, 'allow'],
    [1, 'explicitDeny or implicitDeny'],
    [EXIT.usage, 'usage error, invalid policy document, or a --role that cannot be read (the message names it)'],
    [3, 'indeterminate (a condition depends on a context key not given)'],
    [EXIT.internal, 'internal error'],
  ],
  run: runPolicy,
});
