/**
 * Runs the table-driven RAM corpus: every test/ram/cases/*.json file is a list of cases, each naming the documented
 * rule it rests on (quoted from Alibaba Cloud's RAM policy documentation), the policies, the request and the expected decision.
 * `"invalid"` as expected decision means at least one document must fail to parse, with the listed error fragments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { evaluate } from '../../shared/ram/evaluate';
import type { AttachedPolicy, DecisionKind, RamRequest } from '../../shared/ram/model';
import type { EvaluationOptions, ParseOptions } from '../../shared/ram/options';
import { parsePolicy } from '../../shared/ram/parse';

interface Case {
  name: string;
  rule: string;
  policies: { name: string; type?: 'System' | 'Custom'; version?: string; kind?: ParseOptions['kind']; document: unknown }[];
  request: Omit<RamRequest, 'context'> & { context?: RamRequest['context'] };
  options?: { parse?: Partial<ParseOptions>; evaluate?: Partial<EvaluationOptions> };
  expect: {
    decision: DecisionKind | 'invalid';
    /** `policy#index`, with a trailing `?` for a statement matched only indeterminately; in `Decision.matched` order. */
    matchedStatements?: string[];
    matchedVersions?: string[];
    possibleDecisions?: string[];
    /** Fragments that must each appear in one of the parse errors. */
    errors?: string[];
  };
}

const CASE_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'rule', 'policies', 'request', 'expect'],
    properties: {
      name: { type: 'string', minLength: 1 },
      rule: { type: 'string', pattern: '^§4' },
      policies: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'document'],
          properties: { name: { type: 'string' }, type: { enum: ['System', 'Custom'] }, version: { type: 'string' }, kind: { enum: ['identity', 'trust'] }, document: {} },
        },
      },
      request: {
        type: 'object',
        additionalProperties: false,
        required: ['action', 'resource'],
        properties: { action: { type: 'string' }, resource: { type: 'string' }, context: { type: 'object' }, principal: { type: 'object' } },
      },
      options: { type: 'object', additionalProperties: false, properties: { parse: { type: 'object' }, evaluate: { type: 'object' } } },
      expect: {
        type: 'object',
        additionalProperties: false,
        required: ['decision'],
        properties: {
          decision: { enum: ['allow', 'explicitDeny', 'implicitDeny', 'indeterminate', 'invalid'] },
          matchedStatements: { type: 'array', items: { type: 'string', pattern: '#\\d+\\??$' } },
          matchedVersions: { type: 'array', items: { type: 'string' } },
          possibleDecisions: { type: 'array', items: { type: 'string' } },
          errors: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

const DIR = join(__dirname, 'cases');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const corpus: [string, unknown][] = files.map((f) => [f, JSON.parse(readFileSync(join(DIR, f), 'utf8')) as unknown]);
const validateFile = new Ajv({ allErrors: true }).compile(CASE_SCHEMA);

test('the corpus is well-formed, has at least 150 cases, and no duplicate names', () => {
  for (const [file, cases] of corpus) {
    expect({ file, errors: validateFile(cases) ? [] : validateFile.errors }).toEqual({ file, errors: [] });
  }
  const names = corpus.flatMap(([file, cases]) => (cases as Case[]).map((c) => `${file}: ${c.name}`));
  expect(new Set(names).size).toBe(names.length);
  expect(names.length).toBeGreaterThanOrEqual(150);
});

// Cases that reached their last assertion; printed as a RELIABILITY.md headline figure.
let passing = 0;
afterAll(() => console.log(`RAM engine: ${passing}/${corpus.reduce((n, [, cases]) => n + (cases as Case[]).length, 0)} corpus cases passing`));

describe.each(corpus)('%s', (_file, cases) => {
  it.each((cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Given
    const parsed = c.policies.map((p) => ({ p, result: parsePolicy(p.document, { ...c.options?.parse, ...(p.kind ? { kind: p.kind } : {}) }) }));
    const errors = parsed.flatMap(({ result }) => (result.ok ? [] : result.errors));
    if (c.expect.decision === 'invalid') {
      expect(errors.length).toBeGreaterThan(0);
      for (const fragment of c.expect.errors ?? []) expect(errors).toEqual(expect.arrayContaining([expect.stringContaining(fragment)]));
      passing += 1;
      return;
    }
    expect(errors).toEqual([]);
    const attached: AttachedPolicy[] = parsed.flatMap(({ p, result }) => (result.ok ? [{ name: p.name, type: p.type ?? 'Custom', version: p.version ?? 'v1', document: result.policy }] : []));

    // When
    const decision = evaluate({ context: {}, ...c.request }, attached, c.options?.evaluate);

    // Then
    expect(decision.decision).toBe(c.expect.decision);
    if (c.expect.matchedStatements) {
      expect(decision.matched.map((m) => `${m.policy}#${m.statement}${m.match === 'indeterminate' ? '?' : ''}`)).toEqual(c.expect.matchedStatements);
    }
    if (c.expect.matchedVersions) expect(decision.matched.map((m) => m.version)).toEqual(c.expect.matchedVersions);
    expect(decision.possibleDecisions).toEqual(c.expect.possibleDecisions);
    expect(decision.reasons.length).toBeGreaterThan(0);
    passing += 1;
  });
});
