/**
 * Properties of the RAM engine, checked with fast-check over generated policies and requests: deny wins, order never
 * matters, unrelated statements change nothing, `indeterminate` is sound, and the wildcard matcher agrees with a
 * naive recursive reference.
 */
import fc from 'fast-check';
import { decide, evaluate } from '../../shared/ram/evaluate';
import type { AttachedPolicy, Decision, RamRequest } from '../../shared/ram/model';
import { parsePolicy } from '../../shared/ram/parse';
import { wildcardMatch } from '../../shared/ram/wildcard';

const RUNS = 400;

// Runs and counterexamples are tallied from what fast-check ran, not from what was asked; the suite prints both
// (a RELIABILITY.md headline figure).
let propertyRuns = 0;
let counterexamples = 0;
function check<T>(property: fc.IProperty<T>, params: { numRuns: number }): void {
  const details = fc.check(property, params);
  propertyRuns += details.numRuns;
  if (details.failed) {
    counterexamples += 1;
    throw new Error(fc.defaultReportMessage(details) ?? 'property failed');
  }
}
afterAll(() => console.log(`RAM engine: ${propertyRuns} property runs, ${counterexamples} counterexamples`));
const T = 'acs:vpc:cn-hangzhou:1234567890123456:routetable/vtb-bp1abc';

/** The specification, executed literally: exponential in the worst case, so only for short strings. */
function reference(p: string, t: string): boolean {
  if (p === '') return t === '';
  if (p[0] === '*') return reference(p.slice(1), t) || (t !== '' && reference(p, t.slice(1)));
  return t !== '' && (p[0] === '?' || p[0] === t[0]) && reference(p.slice(1), t.slice(1));
}

type RawStatement = Record<string, unknown>;
interface RawPolicy {
  name: string;
  version: string;
  statements: RawStatement[];
}

const CONDITIONS: Record<string, Record<string, string>>[] = [
  { StringLike: { 'acs:SourceVpc': 'vpc-*' } },
  { StringEquals: { 'acs:SourceVpc': 'vpc-1' } },
  { StringNotLike: { 'acs:SourceVpc': 'vpc-x*' } },
  { Bool: { 'acs:SecureTransport': 'true' } },
  { Bool: { 'acs:MFAPresent': 'true' } },
  { IpAddress: { 'acs:SourceIp': '192.168.0.0/16' } },
  { NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } },
];

const condition = fc.subarray(CONDITIONS, { maxLength: 2 }).map((picked) => {
  const out: Record<string, Record<string, string>> = {};
  for (const c of picked) for (const [op, keys] of Object.entries(c)) out[op] = { ...out[op], ...keys };
  return out;
});

const statement = (actions: readonly string[]): fc.Arbitrary<RawStatement> =>
  fc
    .record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      actions: fc.array(fc.constantFrom(...actions), { minLength: 1, maxLength: 3 }),
      not: fc.boolean(),
      Resource: fc.constantFrom('*', 'acs:vpc:*:*:routetable/*', T, 'acs:vpc:cn-beijing:*:routetable/*', 'acs:vpc:*:*:vpc/*'),
      Condition: fc.option(condition, { nil: undefined }),
    })
    .map(({ Effect, actions: a, not, Resource, Condition }) => ({
      Effect,
      [not ? 'NotAction' : 'Action']: a,
      Resource,
      ...(Condition ? { Condition } : {}),
    }));

const ACTIONS = ['vpc:CreateRouteEntry', 'vpc:DeleteRouteEntry', 'vpc:Describe*', 'vpc:*', '*', 'ecs:*', 'vpc:?reateRouteEntry', 'VPC:createrouteentry', 'ecs:DescribeInstances'];

const policy = fc.record({
  name: fc.constantFrom('a', 'b', 'c'),
  version: fc.constantFrom('v1', 'v2'),
  statements: fc.array(statement(ACTIONS), { minLength: 1, maxLength: 4 }),
});

const request: fc.Arbitrary<RamRequest> = fc.record({
  action: fc.constantFrom('vpc:CreateRouteEntry', 'vpc:DeleteRouteEntry', 'vpc:DescribeVpcs', 'ecs:DescribeInstances'),
  resource: fc.constantFrom(T, 'acs:vpc:cn-hangzhou:1234567890123456:vpc/vpc-1', '*'),
  context: fc.record(
    {
      'acs:SourceVpc': fc.constantFrom('vpc-1', 'vpc-x9'),
      'acs:SecureTransport': fc.boolean(),
      'acs:SourceIp': fc.constantFrom('192.168.0.5', '10.1.1.1'),
    },
    { requiredKeys: [] },
  ),
});

function attach(policies: readonly RawPolicy[]): AttachedPolicy[] {
  return policies.map((p) => {
    const parsed = parsePolicy({ Version: '1', Statement: p.statements });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    return { name: p.name, type: 'Custom', version: p.version, document: parsed.policy };
  });
}

/** What must not change when statements move: the decision and which statements (by content) matched how. */
function essence(d: Decision): unknown {
  return {
    decision: d.decision,
    possible: d.possibleDecisions,
    matched: d.matched.map((m) => `${m.policy}|${m.version}|${m.effect}|${m.match}|${m.statementText}`).sort(),
  };
}

describe('wildcard matcher', () => {
  it('agrees with the naive recursive reference', () => {
    check(
      fc.property(fc.stringMatching(/^[ab*?]{0,8}$/), fc.stringMatching(/^[ab]{0,10}$/), (p, t) => {
        expect(wildcardMatch(p, t)).toBe(reference(p, t));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with a dynamic-programming reference on segments longer than one 32-bit word', () => {
    const dp = (p: string, t: string): boolean => {
      let row = [true, ...Array.from(t, () => false)];
      for (const c of p) {
        const next = [c === '*' && row[0]];
        for (let j = 1; j <= t.length; j++) next[j] = c === '*' ? row[j] || next[j - 1] : row[j - 1] && (c === '?' || c === t[j - 1]);
        row = next;
      }
      return row[t.length];
    };
    check(
      fc.property(fc.stringMatching(/^[ab?]{30,40}(\*[ab?]{0,70}){0,3}$/), fc.stringMatching(/^[ab]{0,160}$/), (p, t) => {
        expect(wildcardMatch(p, t)).toBe(dp(p, t));
        expect(wildcardMatch(`*${p}`, t)).toBe(dp(`*${p}`, t));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the reference on texts holding surrogate pairs, with and without `?` in the pattern', () => {
    // Patterns without `?` are matched on the strings themselves; the reference counts UTF-16 units, which agrees
    // with code points as long as the pattern has no `?` and no surrogate.
    check(
      fc.property(fc.stringMatching(/^[ab*]{0,8}$/), fc.array(fc.constantFrom('a', 'b', '😀'), { maxLength: 8 }), (p, t) => {
        expect(wildcardMatch(p, t.join(''))).toBe(reference(p, t.join('')));
      }),
      { numRuns: 2000 },
    );
    // With `?` (code points) the reference runs on arrays of code points.
    const codePointRef = (p: string[], t: string[]): boolean => {
      if (p.length === 0) return t.length === 0;
      if (p[0] === '*') return codePointRef(p.slice(1), t) || (t.length > 0 && codePointRef(p, t.slice(1)));
      return t.length > 0 && (p[0] === '?' || p[0] === t[0]) && codePointRef(p.slice(1), t.slice(1));
    };
    check(
      fc.property(fc.array(fc.constantFrom('a', '😀', '*', '?'), { maxLength: 8 }), fc.array(fc.constantFrom('a', 'b', '😀'), { maxLength: 8 }), (p, t) => {
        expect(wildcardMatch(p.join(''), t.join(''))).toBe(codePointRef(p, t));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the reference case-insensitively on lower-cased input', () => {
    check(
      fc.property(fc.stringMatching(/^[aAbB*?:]{0,8}$/), fc.stringMatching(/^[aAbB:]{0,10}$/), (p, t) => {
        expect(wildcardMatch(p, t, { ignoreCase: true })).toBe(reference(p.toLowerCase(), t.toLowerCase()));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('evaluation', () => {
  it('decide (the proof of a fix) gives exactly the decision evaluate explains', () => {
    check(
      fc.property(fc.array(policy, { maxLength: 3 }), request, (policies, req) => {
        const attached = attach(policies);
        expect(decide(req, attached)).toBe(evaluate(req, attached).decision);
      }),
      { numRuns: RUNS },
    );
  });

  it('an applicable unconditional Deny always wins', () => {
    check(
      fc.property(fc.array(policy, { maxLength: 3 }), request, fc.nat(), (policies, req, at) => {
        // Given a Deny naming exactly the request, inserted anywhere
        const deny = { Effect: 'Deny', Action: req.action, Resource: req.resource === '*' ? '*' : req.resource };
        const target = policies.length > 0 ? at % policies.length : -1;
        const withDeny =
          target < 0
            ? [{ name: 'd', version: 'v1', statements: [deny] }]
            : policies.map((p, i) =>
                i === target ? { ...p, statements: [...p.statements.slice(0, at % (p.statements.length + 1)), deny, ...p.statements.slice(at % (p.statements.length + 1))] } : p,
              );
        // When
        const d = evaluate(req, attach(withDeny));
        // Then
        expect(d.decision).toBe('explicitDeny');
      }),
      { numRuns: RUNS },
    );
  });

  it('statement and policy order never change the decision', () => {
    check(
      fc.property(fc.array(policy, { maxLength: 3 }), request, fc.array(fc.nat(), { minLength: 16, maxLength: 16 }), (policies, req, seeds) => {
        // Given the same policies with statements and policies permuted
        const shuffle = <T>(xs: readonly T[], salt: number): T[] =>
          xs
            .map((x, i) => ({ x, k: (seeds[(i + salt) % seeds.length] * 31 + i) % 997 }))
            .sort((a, b) => a.k - b.k)
            .map((e) => e.x);
        const permuted = shuffle(
          policies.map((p, i) => ({ ...p, statements: shuffle(p.statements, i + 1) })),
          0,
        );
        // When / Then
        expect(essence(evaluate(req, attach(permuted)))).toEqual(essence(evaluate(req, attach(policies))));
      }),
      { numRuns: RUNS },
    );
  });

  it('adding a statement about another service never changes a decision', () => {
    check(
      fc.property(fc.array(policy, { minLength: 1, maxLength: 3 }), request, statement(['zzz:*', 'zzz:Create*', 'zzz:DescribeThing']), fc.nat(), (policies, req, unrelated, at) => {
        // Given an Action (never NotAction) statement naming only service zzz, inserted anywhere
        const { NotAction, ...rest } = unrelated;
        const extra = { ...rest, Action: rest.Action ?? NotAction };
        const target = at % policies.length;
        const more = policies.map((p, i) => (i === target ? { ...p, statements: [...p.statements, extra] } : p));
        // When / Then
        expect(essence(evaluate(req, attach(more)))).toEqual(essence(evaluate(req, attach(policies))));
      }),
      { numRuns: RUNS },
    );
  });

  it('indeterminate is sound: resolving the unknown keys lands in possibleDecisions', () => {
    check(
      fc.property(fc.array(policy, { maxLength: 3 }), request, (policies, req) => {
        // Given the default (unknown keys undecided) and one concrete resolution (awsDefault)
        const attached = attach(policies);
        const open = evaluate(req, attached);
        const resolved = evaluate(req, attached, { missingKey: 'awsDefault' });
        // Then a definite answer is unchanged, and an indeterminate one names the resolved answer as possible
        if (open.decision === 'indeterminate') expect(open.possibleDecisions).toContain(resolved.decision);
        else expect(resolved.decision).toBe(open.decision);
      }),
      { numRuns: RUNS },
    );
  });

  it('parsing never throws, whatever the input', () => {
    check(
      fc.property(fc.oneof(fc.anything(), fc.string(), fc.json()), (input) => {
        const r = parsePolicy(input);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
