/**
 * Every remediation command of the fix plan, in every world: it parses as the shell would split it, it names the
 * API's real parameters (checked against the official SDK models), it is the call `--apply` makes, and the text
 * and Markdown reports show every step the JSON report has.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport } from '../../shared/report/render';
import type { Report } from '../../shared/report/schema';
import { shellQuote, shellSplit } from '../../shared/fix/shell';
import type { FixPlan } from '../../shared/fix/types';
import { runCli } from '../support/cli';
import { worldFile, WORLD_NAMES } from './worlds';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SDK = { ram: 'ram20150501', vpc: 'vpc20160428' } as const;

/** The request parameter names of an action, from the SDK model's `static names()`. */
function sdkParams(product: keyof typeof SDK, action: string): Set<string> {
  const file = join(__dirname, '../../node_modules/@alicloud', SDK[product], 'dist/models', `${action}Request.js`);
  const text = readFileSync(file, 'utf8');
  const cls = text.slice(text.indexOf(`class ${action}Request extends`));
  const names = cls.slice(cls.indexOf('static names()'), cls.indexOf('static types()'));
  return new Set([...names.matchAll(/:\s*'([A-Za-z0-9.]+)'/g)].map((m) => m[1]));
}

function bulkWorld(): string {
  const base = readFileSync(join(__dirname, '../fixtures/scenarios/healthy.yaml'), 'utf8')
    .replace('containerCidr: 172.16.0.0/16', 'containerCidr: 10.0.0.0/8')
    .replace(/^expect:[\s\S]*$/m, '');
  const file = join(mkdtempSync(join(tmpdir(), 'ack-drift-bulk-')), 'bulk.yaml');
  writeFileSync(file, `${base}\ngenerate: { seed: 11, nodes: 200, podCidrMask: 24, missingRoutes: 26, orphanRoutes: 2, namespaces: 10, terminatingNamespaces: 0 }\n`);
  return file;
}

async function report(file: string): Promise<Report> {
  const r = await runCli(['audit', '--scenario', file, '--format', 'json', '--now', '2026-11-26T08:00:00Z']);
  return JSON.parse(r.stdout) as Report;
}

describe('fix plan commands', () => {
  it('quotes for the shell so that splitting gives the words back', () => {
    for (const w of ['plain', '', "it's", '{"a":"b c"}', 'x\ny', '$HOME `id` \\ *']) expect(shellSplit(`cmd ${shellQuote(w)}`)).toEqual(['cmd', w]);
  });

  it.each([...WORLD_NAMES, 'generated-200-nodes'])('%s: every command parses, names real API parameters and is shown in text and Markdown', async (name) => {
    const r = await report(name === 'generated-200-nodes' ? bulkWorld() : worldFile(name));
    const plan = r.fixPlan as FixPlan;
    expect(plan.steps.length).toBeGreaterThan(0);
    const text = renderReport(r, 'text', { colour: false });
    const markdown = renderReport(r, 'markdown', { colour: false });
    for (const step of plan.steps) {
      expect(step.command).toBeDefined();
      expect(step.command).not.toMatch(/<[^>]*>|\.\.\.|…/);
      const words = shellSplit(step.command!);
      if (step.call) {
        const { product, action, params } = step.call;
        expect(words).toEqual(['aliyun', product, action, ...Object.entries(params).flatMap(([k, v]) => [`--${k}`, v])]);
        const known = sdkParams(product, action);
        for (const k of Object.keys(params)) expect([action, k, known.has(k)]).toEqual([action, k, true]);
      }
      expect(text).toContain(`$ ${step.command}`);
      expect(markdown).toContain(`\`\`\`sh\n${step.command}\n\`\`\``);
    }
    if (name === 'generated-200-nodes') expect(plan.steps.filter((s) => s.call?.action === 'CreateRouteEntry')).toHaveLength(26);
  });
});
