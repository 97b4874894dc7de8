/** `ack-drift policy`: evaluate RAM policy documents for one request and explain the decision. */
import { basename } from 'node:path';
import { ALL_RESOURCES, parseArn } from '../ram/arn';
import { evaluate } from '../ram/evaluate';
import { renderDecisionText } from '../ram/explain';
import { printable, quote } from '../ram/grammar';
import type { AttachedPolicy, DecisionKind, RequestContext } from '../ram/model';
import { parsePolicy } from '../ram/parse';
import { UsageError } from '../util/errors';
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

function loadPolicies(files: readonly string[], io: CliIo): AttachedPolicy[] {
  const names = files.map((f) => basename(f));
  return files.map((file, i) => {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (err) {
      throw new UsageError(`${file}: cannot read: ${printable(err instanceof Error ? err.message : String(err))}`);
    }
    const parsed = parsePolicy(text);
    if (!parsed.ok) throw new UsageError(`${file}: invalid policy document\n  ${parsed.errors.join('\n  ')}`);
    for (const w of parsed.warnings) io.stderr(`ack-drift policy: ${file}: warning: ${w}\n`);
    // The file name is the policy name, unless two files share it: then the path tells them apart.
    const name = names.indexOf(names[i]) === names.lastIndexOf(names[i]) ? names[i] : file;
    return { name, type: 'Custom', version: 'file', document: parsed.policy };
  });
}

/** Runs `ack-drift policy`; returns the exit code. */
function runPolicy(input: CommandInput, io: CliIo): number {
  const files = listOpt(input, 'policy');
  const action = stringOpt(input, 'action');
  if (!files.length) throw new UsageError('--policy FILE is required');
  if (action === undefined) throw new UsageError('--action ACTION is required');
  if (!REQUEST_ACTION.test(action)) {
    throw new UsageError(`--action must be <service>:<action> in ASCII letters, digits, "-", "_" and "." (no wildcards), got ${quote(action)}`);
  }
  const resource = stringOpt(input, 'resource') ?? ALL_RESOURCES;
  if (resource !== ALL_RESOURCES && !parseArn(resource)) {
    throw new UsageError(`--resource must be * or an ARN acs:<service>:<region>:<account>:<relative-id>, got ${quote(resource)}`);
  }
  const request = { action, resource, context: readContext(listOpt(input, 'context')) };
  const decision = evaluate(request, loadPolicies(files, io));
  io.stdout(stringOpt(input, 'format') === 'json' ? `${JSON.stringify(decision, null, 2)}\n` : renderDecisionText(decision, request));
  return DECISION_EXIT[decision.decision];
}

export const POLICY_COMMAND = defineCommand({
  name: 'policy',
  summary: 'evaluate RAM policy documents for one request and explain the decision',
  usage: '--policy FILE [--policy FILE ...] --action ACTION [--resource ARN] [--context KEY=VALUE ...] [--format text|json]',
  details: [
    'Keys left out of the context are unknown, and conditions on them are indeterminate.',
    '',
    'Example:',
    '  ack-drift policy --policy infra/ram-policy.json --action vpc:CreateRouteEntry \\',
    '    --resource acs:vpc:cn-hangzhou:1234567890123456:routetable/vtb-1 --context acs:SourceVpc=vpc-1',
  ].join('\n'),
  options: [
    { flags: '--policy <FILE>', description: 'a RAM policy document (JSON); repeat for every attached policy', repeatable: true },
    { flags: '--action <ACTION>', description: 'the API action, <service>:<action> (e.g. vpc:CreateRouteEntry)' },
    { flags: '--resource <ARN>', description: 'the resource it authorises on, e.g. acs:vpc:cn-hangzhou:123:routetable/vtb-1', defaultText: '*' },
    { flags: '--context <KEY=VALUE>', description: 'a request-context value (acs:SourceVpc=vpc-1); repeat a key for several values', repeatable: true },
    { flags: '--format <FORMAT>', description: 'output', choices: ['text', 'json'], defaultText: 'text' },
  ],
  exitCodes: [
    [EXIT.ok, 'allow'],
    [1, 'explicitDeny or implicitDeny'],
    [EXIT.usage, 'usage error or invalid policy document'],
    [3, 'indeterminate (a condition depends on a context key not given)'],
    [EXIT.internal, 'internal error'],
  ],
  run: runPolicy,
});
