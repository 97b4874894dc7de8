/** Markdown for chat: fix first, numbered chains, a capped table that stays one row per finding whatever the text. */
import { renderMarkdown } from '../../shared/report/markdown';
import type { Report } from '../../shared/report/schema';
import { GOLDEN_SCENARIOS, goldenReport } from './golden-files';
import { hostileReport } from './hostile';

/** The cells of a table row, split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

function tableRows(md: string, heading: string): string[] {
  const lines = md.slice(md.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|---'));
  const rows: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith('|')) break;
    rows.push(l);
  }
  return rows;
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(goldenReport('seed-incident'));

  it.each(GOLDEN_SCENARIOS.map(([name]) => [name]))("%s: every finding's message and every coverage detail stands whole in its table row", (name) => {
    const report = goldenReport(name);
    const unescape = (cell: string) =>
      cell
        .replace(/\\([\\`*_[\]|~])/g, '$1')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    const page = renderMarkdown(report);
    const messages = tableRows(page, '### Findings').map((row) => unescape(cells(row)[3]));
    const listed = report.findings.filter((f) => f.status !== 'pass').map((f) => f.message.replace(/\s+/g, ' '));
    expect(messages).toEqual(listed.slice(0, messages.length));
    expect(tableRows(page, '| Check |').map((row) => unescape(cells(row)[2]))).toEqual(report.coverage.map((c) => c.reason.replace(/\s+/g, ' ')));
  });

  it('opens with the status and the headline', () => {
    const [title, , headline] = md.split('\n');
    expect(title).toBe('## 🔴 ack-drift · shop-prod-hz · DEGRADED');
    expect(headline).toMatch(/^\*\*Namespace tobedeletedb is stuck Terminating because .* KubernetesMasterRole-8e4b1c7d\.\*\*$/);
  });

  it('gives the fix plan before the chain, with each command in a fenced block', () => {
    const fix = md.indexOf('### Fix plan');
    const chain = md.indexOf('**Chain** (symptom → root cause)');
    expect(fix).toBeGreaterThan(0);
    expect(chain).toBeGreaterThan(fix);
    expect(md.slice(fix, chain)).toContain('```sh\naliyun vpc CreateRouteEntry --RegionId cn-hangzhou --RouteTableId vtb-bp1q3w5e7r9t1y3u5i7o');
    expect(md).toMatch(/1\. `NAMESPACE_STUCK_TERMINATING`[^\n]*\n2\. `APISERVICE_UNAVAILABLE`[^\n]*\n3\. `ROUTE_MISSING`[^\n]*\n4\. `RAM_EXPLICIT_DENY`/);
  });

  it('gives the corrected policy as one pasteable command, and the one-command alternative labelled as such', () => {
    const command = /```sh\naliyun ram CreatePolicyVersion --PolicyName k8sMasterRolePolicy-8e4b1c7d --PolicyDocument '\{"Version":"1",[^\n]*\}'/;
    expect(md).toMatch(new RegExp(`${command.source} --SetAsDefault true --RotateStrategy DeleteOldestNonDefaultVersionWhenLimitExceeded\\n\`\`\``));
    expect(md).toContain('**[alternative to 1] Alternative: make version v2 of k8sMasterRolePolicy-8e4b1c7d the default again (one command)**');
  });

  it('draws the causal graph as a mermaid flowchart, effect --> cause', () => {
    expect(md).toContain('```mermaid\nflowchart TD');
    expect(md).toContain('n0 --> n1');
    expect(renderMarkdown(goldenReport('seed-incident'), { mermaid: false })).not.toContain('mermaid');
  });

  it('names what could not be verified and symptoms without a cause', () => {
    expect(renderMarkdown(goldenReport('auditor-denied-getpolicy'))).toMatch(/### Not verified\n- `CHECK_INCOMPLETE` check ram: .*request id 2194E3AA/);
    expect(renderMarkdown(goldenReport('terway-finalizers'))).toContain('  - ruled out: discovery is not failing for this namespace, so no APIService is involved');
  });

  it('caps the findings table at 50 rows and stays under 20 KB, listing whole messages only', () => {
    const base = goldenReport('seed-incident');
    const many = (length: number): Report => ({
      ...base,
      findings: Array.from({ length }, (_, i) => ({ ...base.findings[1], id: `f-${i.toString(16).padStart(12, '0')}`, message: `${base.findings[1].message} ${i}` })),
    });
    const short = renderMarkdown(many(130));
    expect(tableRows(short, '### Findings (130)')).toHaveLength(50);
    expect(short).toContain('…and 80 more (the full report lists every finding).');
    expect(Buffer.byteLength(short)).toBeLessThan(20 * 1024);
    // Long messages: fewer rows, each message whole and its end (the row's number) still there.
    const long = many(130);
    for (const f of long.findings) f.message = `${'a long message '.repeat(40)}ends here ${f.id}`;
    const out = renderMarkdown(long);
    const rows = tableRows(out, '### Findings (130)');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(50);
    for (const row of rows) expect(cells(row)[3]).toMatch(/^(a long message ){40}ends here f-[0-9a-f]{12}$/);
    expect(out).toContain(`…and ${130 - rows.length} more (the full report lists every finding).`);
    expect(Buffer.byteLength(out)).toBeLessThan(20 * 1024);
  });

  it('keeps hostile text inert and every table row at four cells', () => {
    const out = renderMarkdown(hostileReport());
    // Code blocks and spans show their text literally; everywhere else markup must arrive as entities.
    const prose = out.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
    expect(prose).not.toMatch(/<script|<img|<iframe/);
    expect(out).toContain('\\[link\\](https://evil.example');
    expect(out).not.toMatch(/(?<!\\)\]\(https:\/\/evil/);
    for (const row of tableRows(out, '### Findings')) expect(cells(row)).toHaveLength(4);
    for (const row of tableRows(out, '### Coverage')) expect(cells(row)).toHaveLength(3);
    // A command ending in backticks must not close its fence early.
    expect(out).toMatch(/````sh\n[^\n]*```\n````/);
  });
});
