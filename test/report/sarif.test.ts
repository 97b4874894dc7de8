/** SARIF 2.1.0: the essential shape (checked offline against the required fields), rules, levels and links. */
import Ajv from 'ajv';
import type * as Sarif from 'sarif';
import { CATALOGUE } from '../../shared/findings/catalogue';
import { SARIF_SCHEMA, toSarif } from '../../shared/report/sarif';
import { goldenReport } from './golden-files';

const message = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } };
const logicalLocation = {
  type: 'object',
  required: ['name', 'kind', 'fullyQualifiedName'],
  properties: { name: { type: 'string' }, kind: { type: 'string' }, fullyQualifiedName: { type: 'string' } },
};
const location = { type: 'object', properties: { id: { type: 'integer', minimum: 0 }, message, logicalLocations: { type: 'array', minItems: 1, items: logicalLocation } } };

// The parts of the SARIF 2.1.0 schema a consumer relies on: required properties, enums and types.
const ESSENTIAL_SARIF = {
  type: 'object',
  required: ['version', 'runs', '$schema'],
  properties: {
    $schema: { const: SARIF_SCHEMA },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      maxItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'rules'],
                properties: {
                  name: { const: 'ack-drift' },
                  rules: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id', 'shortDescription', 'defaultConfiguration'],
                      properties: {
                        id: { type: 'string' },
                        shortDescription: message,
                        defaultConfiguration: { type: 'object', properties: { level: { enum: ['none', 'note', 'warning', 'error'] } } },
                      },
                    },
                  },
                },
              },
            },
          },
          invocations: { type: 'array', items: { type: 'object', required: ['executionSuccessful'], properties: { executionSuccessful: { type: 'boolean' } } } },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ruleId', 'ruleIndex', 'message', 'level', 'kind', 'locations', 'partialFingerprints'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: 0 },
                kind: { enum: ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'] },
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message,
                locations: { type: 'array', minItems: 1, items: location },
                relatedLocations: { type: 'array', items: location },
                partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
                properties: { type: 'object' },
              },
              // SARIF §3.27.10: a result of any kind but "fail" has level "none".
              if: { properties: { kind: { not: { const: 'fail' } } } },
              then: { properties: { level: { const: 'none' } } },
            },
          },
        },
      },
    },
  },
};

const validate = new Ajv({ allErrors: true, strict: false }).compile(ESSENTIAL_SARIF);

describe('toSarif', () => {
  const seed = goldenReport('seed-incident');
  const log = toSarif(seed);
  const run = log.runs[0];
  const results = run.results!;
  const byCode = (code: string) => results.find((r) => r.ruleId === code)!;

  it.each(['seed-incident', 'replaced-node', 'terway-finalizers', 'apiservice-no-endpoints', 'auditor-denied-getpolicy'])('gives a SARIF log of the essential shape for %s', (name) => {
    const ok = validate(toSarif(goldenReport(name)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has one rule per catalogue code, titled and levelled by default severity', () => {
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(Object.keys(CATALOGUE));
    expect(rules.find((r) => r.id === 'ROUTE_MISSING')).toMatchObject({ shortDescription: { text: CATALOGUE.ROUTE_MISSING.title }, defaultConfiguration: { level: 'error' } });
    expect(rules.find((r) => r.id === 'ROUTE_NOT_AVAILABLE')!.defaultConfiguration!.level).toBe('warning');
    expect(rules.find((r) => r.id === 'ROUTE_ORPHANED')!.defaultConfiguration!.level).toBe('note');
    for (const r of results) expect(rules[r.ruleIndex!].id).toBe(r.ruleId);
  });

  it('reports each failing finding once, levelled by its severity, fingerprinted by its id', () => {
    expect(results.map((r) => r.partialFingerprints!['ackDriftFindingId/v1'])).toEqual(seed.findings.filter((f) => f.status === 'fail').map((f) => f.id));
    expect(byCode('RAM_EXPLICIT_DENY')).toMatchObject({ kind: 'fail', level: 'error' });
    expect(byCode('NODE_ROUTE_CONDITION_STALE')).toMatchObject({ kind: 'fail', level: 'note' });
  });

  it('locates a finding at its resource, namespaced where the resource is', () => {
    expect(byCode('CCM_ROUTE_SYNC_FAILING').locations![0].logicalLocations).toEqual([
      { name: 'cloud-controller-manager-t7wq4', kind: 'Pod', fullyQualifiedName: 'Pod/kube-system/cloud-controller-manager-t7wq4' },
    ]);
    expect(byCode('ROUTE_MISSING').locations![0].logicalLocations![0].fullyQualifiedName).toBe('Node/cn-hangzhou.192.168.10.22');
  });

  it('links causes and carries the root cause chain and the evidence', () => {
    const route = byCode('ROUTE_MISSING');
    expect(route.relatedLocations).toEqual([expect.objectContaining({ id: 1, logicalLocations: [expect.objectContaining({ name: 'KubernetesMasterRole-8e4b1c7d', kind: 'RamRole' })] })]);
    expect(route.properties).toMatchObject({ causedBy: ['f-3045dcaa6062'], explainedBy: ['f-3045dcaa6062'], evidence: { podCIDR: '172.16.1.0/24' } });
    const root = byCode('RAM_EXPLICIT_DENY');
    expect(root.properties!.rootCause).toEqual({ explains: seed.rootCauses[0].explains, chain: seed.rootCauses[0].chain });
    const steps = root.codeFlows![0].threadFlows[0].locations.map((l: Sarif.ThreadFlowLocation) => l.location!.logicalLocations![0].kind);
    expect(steps).toEqual(['Namespace', 'APIService', 'Node', 'RamRole']);
  });

  it('reports an unknown finding as kind "open", level "none", and the failed check as an execution error', () => {
    const denied = toSarif(goldenReport('auditor-denied-getpolicy')).runs[0];
    expect(denied.results!.find((r) => r.ruleId === 'CHECK_INCOMPLETE')).toMatchObject({ kind: 'open', level: 'none' });
    expect(denied.invocations![0].executionSuccessful).toBe(false);
    expect(denied.invocations![0].toolExecutionNotifications).toEqual([expect.objectContaining({ level: 'error', descriptor: { id: 'ram' } })]);
  });
});
