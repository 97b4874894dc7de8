/**
 * Hostile documents (docs/reliability.md, promise 6): each one gives an invalid result (or a bounded decision) in
 * milliseconds, and nothing throws or overflows the stack.
 */
import { evaluate } from '../../shared/ram/evaluate';
import type { AttachedPolicy, ParseResult } from '../../shared/ram/model';
import { parsePolicy } from '../../shared/ram/parse';
import { wildcardMatch } from '../../shared/ram/wildcard';

const T = 'acs:vpc:cn-hangzhou:1234567890123456:routetable/vtb-bp1abc';

/**
 * Runs `fn`, asserting it neither throws nor takes five seconds. Each document takes milliseconds on a quiet machine;
 * the bound leaves room for a CI machine running the whole suite on two cores, and still fails the quadratic wildcard
 * matcher it guards against, which took 12 to 35 seconds for one evaluation.
 */
function bounded<R>(fn: () => R): R {
  const start = process.hrtime.bigint();
  const result = fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  expect(ms).toBeLessThan(5000);
  return result;
}

function errorsOf(r: ParseResult): string[] {
  if (r.ok) throw new Error('expected an invalid document');
  return r.errors;
}

const valid = (statements: string) => `{"Version":"1","Statement":[${statements}]}`;
const allowAll = '{"Effect":"Allow","Action":"vpc:*","Resource":"*"}';

describe('hostile policy documents', () => {
  // The first parse loads the precompiled validator; the bounds below are per document.
  beforeAll(() => parsePolicy('{}'));

  it('rejects invalid JSON with a message', () => {
    // Given / When
    const r = bounded(() => parsePolicy('{"Version":"1","Statement":[{"Effect":"Allow"'));
    // Then
    expect(errorsOf(r)[0]).toMatch(/^not valid JSON/);
  });

  it('accepts a UTF-8 BOM', () => {
    const r = bounded(() => parsePolicy(`\ufeff${valid(allowAll)}`));
    expect(r.ok).toBe(true);
  });

  it('rejects a 1 MiB document before parsing it', () => {
    // Given a syntactically fine document of 1 MiB
    const huge = valid(Array.from({ length: 21000 }, () => allowAll).join(','));
    expect(huge.length).toBeGreaterThan(1024 * 1024);
    // When / Then
    expect(errorsOf(bounded(() => parsePolicy(huge)))[0]).toMatch(/larger than 131072 bytes \(RAM's own limit is 6,144 characters\)/);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const text = valid(`{"Sid":"${'\u4e2d'.repeat(50000)}","Effect":"Allow","Action":"vpc:*","Resource":"*"}`);
    expect(text.length).toBeLessThan(128 * 1024);
    expect(errorsOf(bounded(() => parsePolicy(text)))[0]).toMatch(/larger than/);
  });

  it('rejects a 1 MiB already-parsed document', () => {
    const doc = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'vpc:*', Resource: '*', Sid: 'x'.repeat(1024 * 1024) }] };
    expect(errorsOf(bounded(() => parsePolicy(doc)))[0]).toMatch(/larger than/);
  });

  it('rejects nesting 10,000 deep in text without recursing', () => {
    for (const open of ['{"a":', '[']) {
      const close = open === '[' ? ']' : '}';
      const text = `${open.repeat(10000)}1${close.repeat(10000)}`;
      expect(errorsOf(bounded(() => parsePolicy(text)))[0]).toMatch(/nested deeper than 32 levels/);
    }
  });

  it('rejects nesting just past the bound inside a condition, naming where', () => {
    const deep = `${'['.repeat(30)}"x"${']'.repeat(30)}`;
    const text = valid(`{"Effect":"Allow","Action":"vpc:*","Resource":"*","Condition":{"StringEquals":{"k:k":${deep}}}}`);
    expect(errorsOf(bounded(() => parsePolicy(text)))[0]).toMatch(/^Statement\[0\]\.Condition\.StringEquals\["k:k"\](\[0\])+: nested deeper than 32/);
  });

  it('rejects an already-parsed document nested 10,000 deep, and a cyclic one', () => {
    // Given
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10000; i++) deep = { a: deep };
    const cyclic: Record<string, unknown> = { Version: '1' };
    cyclic.Statement = [cyclic];
    // When / Then
    expect(errorsOf(bounded(() => parsePolicy(deep)))[0]).toMatch(/nested deeper than 32 levels/);
    expect(errorsOf(bounded(() => parsePolicy(cyclic)))[0]).toMatch(/nested deeper than 32 levels \(or cyclic\)/);
  });

  it('rejects values that are not JSON data', () => {
    const base = (v: unknown) => ({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'vpc:*', Resource: '*', Condition: { StringEquals: { 'k:k': v } } }] });
    for (const v of [new Date(0), new Map(), () => 1, 10n, Symbol('s'), undefined, NaN, Infinity]) {
      expect(errorsOf(bounded(() => parsePolicy(base(v))))[0]).toMatch(/^Statement\[0\]\.Condition\.StringEquals\["k:k"\]: /);
    }
  });

  it('turns a throwing getter into an error', () => {
    const doc = {
      Version: '1',
      get Statement(): unknown {
        throw new Error('boom');
      },
    };
    expect(errorsOf(bounded(() => parsePolicy(doc)))).toEqual(['document could not be read: boom']);
  });

  it('rejects a 10-million-element array without walking it', () => {
    const doc = { Version: '1', Statement: new Array(10_000_000) };
    expect(errorsOf(bounded(() => parsePolicy(doc)))[0]).toMatch(/more than 65536 values/);
  });

  it('rejects more than 1,000 statements', () => {
    const text = valid(Array.from({ length: 1500 }, () => '{"Effect":"Deny","Action":"a:b","Resource":"*"}').join(','));
    expect(errorsOf(bounded(() => parsePolicy(text)))).toEqual(['Statement: more than 1000 statements']);
  });

  it('reports at most 20 errors for a document full of them', () => {
    const text = valid(Array.from({ length: 900 }, () => '{"Effect":"allow","Action":"a:b","Resource":"*"}').join(','));
    const errors = errorsOf(bounded(() => parsePolicy(text)));
    expect(errors).toHaveLength(21);
    expect(errors[20]).toBe('... and 880 more errors');
  });

  it('rejects odd Unicode in actions, naming the escaped characters', () => {
    const odd = ['ecs\uff1a*', 'vpc:Create\u200bRouteEntry', 'vpc:\u0421reateRouteEntry', 'vpc:\u202eyrtnE', '\u00a0vpc:*', 'vpc:*\ufeff', 'v\u0301pc:*', '\ud83d\ude00:*'];
    for (const action of odd) {
      const r = bounded(() => parsePolicy({ Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }));
      const [error] = errorsOf(r);
      expect(error).toMatch(/^Statement\[0\]\.Action: ".*\\u[0-9a-f]{4}.*" is not an action/);
    }
  });

  it('rejects unknown operators, set operators and IfExists', () => {
    for (const op of ['StringEqualz', 'ForAllValues:StringLike', 'StringLikeIfExists', 'Null', '', 'stringlike']) {
      const doc = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'vpc:*', Resource: '*', Condition: { [op]: { 'acs:SourceVpc': 'x' } } }] };
      expect(errorsOf(bounded(() => parsePolicy(doc))).join('\n')).toMatch(/unknown condition operator/);
    }
  });

  it('rejects duplicate keys, which parsers resolve differently', () => {
    const text = '{"Version":"1","Statement":[{"Effect":"Deny","Action":"vpc:*","Resource":"*","Condition":{"Bool":{"acs:SecureTransport":"false","acs:SecureTransport":"true"}}}]}';
    expect(errorsOf(bounded(() => parsePolicy(text)))).toEqual(['Statement[0].Condition.Bool["acs:SecureTransport"]: duplicate key; parsers disagree on which value wins']);
  });

  it('keeps __proto__ keys as data without polluting prototypes', () => {
    // Given a condition keyed __proto__ (JSON.parse makes it an own property)
    const text = valid('{"Effect":"Allow","Action":"vpc:*","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}');
    // When
    const r = bounded(() => parsePolicy(text));
    // Then
    expect(r.ok && r.policy.statements[0].conditions[0].key).toBe('__proto__');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(errorsOf(parsePolicy(valid('{"Effect":"Allow","Action":"vpc:*","Resource":"*","__proto__":{}}')))[0]).toMatch(/__proto__: unknown element/);
  });

  it('handles control characters and an unterminated string', () => {
    expect(errorsOf(bounded(() => parsePolicy('{"Version":"1\u0000"}')))[0]).toMatch(/not valid JSON/);
    expect(errorsOf(bounded(() => parsePolicy('{"Version":"1,"Statement":[')))[0]).toMatch(/not valid JSON/);
  });

  it('keeps pathological wildcards bounded', () => {
    // Given patterns that make backtracking matchers explode
    const text = 'a'.repeat(5000);
    const patterns = [`${'*a'.repeat(2000)}b`, `*${'a'.repeat(4000)}b`, '*?'.repeat(3000), `${'*'.repeat(60000)}b`];
    // When / Then
    for (const p of patterns) expect(bounded(() => wildcardMatch(p, text))).toBe(p === '*?'.repeat(3000));
  });

  it('matches in linear time: a long hostile id against long segments takes no quadratic pass (issue #10 item 14)', () => {
    // Given a 200,000-character id and patterns whose segments fail only at their last character
    const text = 'a'.repeat(200_000);
    const patterns = [`*${'a'.repeat(3000)}b`, `*${'a?'.repeat(1500)}b*`, `${'*a'.repeat(3000)}*b`, `*${'a'.repeat(31)}b*`];
    // When / Then: the two-pointer glob took seconds to minutes here (|pattern| × |text| steps)
    for (const p of patterns) expect(bounded(() => wildcardMatch(p, text))).toBe(false);
    expect(bounded(() => wildcardMatch(`*${'a'.repeat(3000)}*`, text))).toBe(true);
  });

  it('evaluates a near-limit document with hostile patterns in bounded time', () => {
    // Given ~120 KiB of statements with star-heavy resources and actions
    const statements = Array.from({ length: 400 }, (_, i) => ({
      Effect: i % 2 ? 'Allow' : 'Deny',
      Action: [`vpc:${'*?'.repeat(20)}x${i}`, `ecs:*${'a*'.repeat(20)}`],
      Resource: [`acs:vpc:*:*:${'*a'.repeat(40)}b`],
    }));
    const r = bounded(() => parsePolicy({ Version: '1', Statement: statements }));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const attached: AttachedPolicy[] = [{ name: 'hostile', type: 'Custom', version: 'v1', document: r.policy }];
    // When
    const d = bounded(() => evaluate({ action: 'vpc:CreateRouteEntry', resource: `${T}${'a'.repeat(500)}`, context: {} }, attached));
    // Then
    expect(d.decision).toBe('implicitDeny');
  });
});
