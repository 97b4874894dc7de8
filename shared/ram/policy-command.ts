/**
 * `ack-drift policy` (CONTRACTS.md §2): evaluate RAM policy documents for one request and explain the decision.
 * Exit codes: 0 allow, 1 explicit or implicit deny, 3 indeterminate, 2 usage error or invalid policy document.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_RESOURCES, parseArn } from './arn';
import { evaluate } from './evaluate';
import { renderDecisionText } from './explain';
import { printable, quote } from './grammar';
import { type AttachedPolicy, type DecisionKind, type RamRequest, type RequestContext } from './model';
import { parsePolicy } from './parse';
import { UsageError } from '../util/errors';

export interface PolicyCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
}

const USAGE = `usage: ack-drift policy --policy FILE [--policy FILE ...] --action ACTION [--resource ARN]
                        [--context KEY=VALUE ...] [--format text|json]

  --policy FILE        a RAM policy document (JSON); repeat for every attached policy
  --action ACTION      the API action, <service>:<action> (e.g. vpc:CreateRouteEntry)
  --resource ARN       the resource it authorises on (default *), e.g. acs:vpc:cn-hangzhou:123:routetable/vtb-1
  --context KEY=VALUE  a request-context value (acs:SourceVpc=vpc-1, acs:SecureTransport=true); repeat a key for
                       several values; keys left out are unknown, and conditions on them are indeterminate
  --format text|json   output (default text)

exit codes: 0 allow, 1 explicitDeny or implicitDeny, 3 indeterminate, 2 usage error or invalid policy
`;

const EXIT: Readonly<Record<DecisionKind, number>> = { allow: 0, explicitDeny: 1, implicitDeny: 1, indeterminate: 3 };

const REQUEST_ACTION = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$/;

interface Args {
  policies: string[];
  request: RamRequest;
  format: 'text' | 'json';
}

/** A mistake in the arguments: the message, then the usage. */
function usageError(message: string): UsageError {
  return new UsageError(`${message}\n\n${USAGE}`);
}

function readArgs(argv: string[]): Args | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        policy: { type: 'string', multiple: true },
        action: { type: 'string' },
        resource: { type: 'string' },
        context: { type: 'string', multiple: true },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return 'help';
  if (!values.policy?.length) throw usageError('--policy FILE is required');
  if (values.action === undefined) throw usageError('--action ACTION is required');
  if (!REQUEST_ACTION.test(values.action)) {
    throw usageError(`--action must be <service>:<action> in ASCII letters, digits, "-", "_" and "." (no wildcards), got ${quote(values.action)}`);
  }
  const resource = values.resource ?? ALL_RESOURCES;
  if (resource !== ALL_RESOURCES && !parseArn(resource)) {
    throw usageError(`--resource must be * or an ARN acs:<service>:<region>:<account>:<relative-id>, got ${quote(resource)}`);
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw usageError(`--format must be text or json, got ${quote(format)}`);
  return { policies: values.policy, request: { action: values.action, resource, context: readContext(values.context ?? []) }, format };
}

/** `KEY=VALUE` pairs; a repeated key becomes a multi-valued key. Values stay text: each operator parses its own. */
function readContext(pairs: readonly string[]): RequestContext {
  const context: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usageError(`--context must be KEY=VALUE, got ${quote(pair)}`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const had = Object.prototype.hasOwnProperty.call(context, key) ? context[key] : undefined;
    context[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return context;
}

function loadPolicies(files: readonly string[], io: PolicyCommandIo): AttachedPolicy[] {
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

/** Runs `ack-drift policy` with the arguments after the command name; returns the exit code. */
export function runPolicyCommand(argv: string[], io: PolicyCommandIo): number {
  try {
    const args = readArgs(argv);
    if (args === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    const decision = evaluate(args.request, loadPolicies(args.policies, io));
    io.stdout(args.format === 'json' ? `${JSON.stringify(decision, null, 2)}\n` : renderDecisionText(decision, args.request));
    return EXIT[decision.decision];
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`ack-drift policy: ${err.message}\n`);
    return 2;
  }
}
