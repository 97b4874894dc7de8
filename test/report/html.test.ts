/** The HTML page: one self-contained file, every report string escaped, sections in the order a responder needs. */
import { renderHtml } from '../../shared/report/html';
import { goldenReport } from './golden-files';
import { hostileReport } from './hostile';

const TAGS = new Set(
  [
    'html head meta title style body header div b span h1 h2 h3 h4 h5 dl dt dd ul ol li main section p svg desc defs marker path g a rect text',
    'article code pre mark strong details summary br table thead tbody tr th td footer',
  ]
    .join(' ')
    .split(' '),
);
const ATTRIBUTES =
  /^(class|id|style|href|role|lang|charset|content|name|http-equiv|width|height|viewbox|d|x|y|rx|fill|transform|marker-end|refx|refy|markerwidth|markerheight|orient|aria-[a-z]+|data-[a-z-]+)$/;

/** Every start tag of a page with its attribute names (values are always double-quoted and escaped). */
function tags(html: string): { tag: string; attributes: string[]; raw: string }[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)].map((m) => ({
    tag: m[1].toLowerCase(),
    attributes: [...m[2].matchAll(/\s([^\s=>]+)(?:="[^"]*")?/g)].map((a) => a[1].toLowerCase()),
    raw: m[0],
  }));
}

describe('renderHtml', () => {
  const seed = goldenReport('seed-incident');
  const html = renderHtml(seed);

  it('is one document with inline CSS, no scripts and a policy that forbids loading anything', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).toContain("default-src 'none'");
  });

  it('points nowhere outside the page: every href is a fragment, no src at all', () => {
    const all = tags(html);
    expect(all.flatMap((t) => t.attributes).filter((a) => a === 'src' || a === 'srcset' || a === 'action')).toEqual([]);
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^#f-[0-9a-f]{12}$/);
  });

  it('has http(s) URLs only where the report text itself carries them', () => {
    const source = JSON.stringify(seed);
    for (const [url] of html.matchAll(/https?:\/\/[^\s"<&]+/g)) expect(source).toContain(url);
  });

  it('puts the headline, the graph, the fix, the findings, coverage and stats in that order', () => {
    const order = ['data-testid="headline"', 'data-testid="causal-graph"', 'data-testid="fix"', 'id="findings-h"', 'id="coverage-h"', 'id="stats-h"'].map((s) => html.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('draws the seed chain as four linked boxes with an accessible name', () => {
    expect(html).toMatch(/<svg data-testid="causal-graph" role="img" aria-labelledby="cg-title cg-desc"/);
    expect(html.match(/data-testid="graph-node" data-role="[a-z]+" data-chain="true"/g)).toHaveLength(4);
    expect(html).toContain('<desc id="cg-desc">NAMESPACE_STUCK_TERMINATING (namespace tobedeletedb) is caused by APISERVICE_UNAVAILABLE');
  });

  it('shows the denying statement as it is and the CreateRouteEntry command in the fix', () => {
    const fix = html.slice(html.indexOf('data-testid="fix"'), html.indexOf('id="findings-h"'));
    expect(fix).toContain('As it is — policy k8sMasterRolePolicy-8e4b1c7d · version v3 · statement 3');
    expect(fix).toContain('<mark>&quot;Effect&quot;: &quot;Deny&quot;</mark>');
    expect(fix).toContain('As it should be — the corrected policy');
    expect(fix).toContain('aliyun ram CreatePolicyVersion --PolicyName k8sMasterRolePolicy-8e4b1c7d --PolicyDocument');
    expect(fix).toContain('aliyun vpc CreateRouteEntry --RegionId cn-hangzhou --RouteTableId vtb-bp1q3w5e7r9t1y3u5i7o --DestinationCidrBlock 172.16.1.0/24');
    expect(fix).toContain('Last resort — hides the cause.');
  });

  it('keeps each finding and its evidence in a collapsible block, its link target inside so a link opens it', () => {
    const blocks = [
      ...html.matchAll(/<details class="finding" data-testid="finding" data-finding-id="(f-[0-9a-f]{12})"[^>]*><summary>.*?<\/summary><span class="anchor" id="(f-[0-9a-f]{12})"><\/span>/g),
    ];
    expect(blocks).toHaveLength(seed.findings.length);
    for (const [, block, anchor] of blocks) expect(anchor).toBe(block);
    for (const [, href] of html.matchAll(/\shref="#([^"]*)"/g)) expect(blocks.map((b) => b[1])).toContain(href);
  });

  it('shows RAM evidence as tables of requests and statements, with the JSON folded away', () => {
    const ram = html.slice(html.indexOf('data-code="RAM_EXPLICIT_DENY"'));
    const body = ram.slice(0, ram.indexOf('</details>'));
    const tables = body.slice(body.indexOf('data-testid="ram-evidence"'), body.indexOf('<details class="raw">'));
    expect(tables).toContain('<h5>Requests the route controller makes (5)</h5>');
    expect(tables).toContain('<td data-label="Action"><div><code class="act">vpc:CreateRouteEntry</code></div></td>');
    expect(tables).toContain('<h5>Deciding statements (1)</h5>');
    const denyRow = [
      '<tr><td data-label="Policy"><div>k8sMasterRolePolicy-8e4b1c7d <span class="sub">v3</span></div></td>',
      '<td data-label="Statement"><div>statement 3</div></td>',
      '<td data-label="Effect"><div><span class="effect deny">Deny</span></div></td>',
      '<td data-label="Action"><div><code class="act">vpc:*</code></div></td>',
      '<td data-label="Resource"><div><code>*</code></div></td>',
      '<td data-label="Condition"><div><span class="sub">none</span></div></td></tr>',
    ];
    expect(tables).toContain(denyRow.join(''));
    expect(tables).toContain('as it should be: the corrected version (5 statements)');
    expect(tables).not.toContain('&quot;');
    expect(body).toMatch(/<details class="raw"><summary>All evidence as JSON \(1,647 lines\)<\/summary><pre><code>\{\n {2}&quot;identityUsedByCcm&quot;/);
  });

  it('escapes hostile strings everywhere: no markup, attribute or link from the report survives', () => {
    const page = renderHtml(hostileReport());
    const all = tags(page);
    expect(all.filter((t) => !TAGS.has(t.tag)).map((t) => t.raw)).toEqual([]);
    expect(all.flatMap((t) => t.attributes).filter((a) => !ATTRIBUTES.test(a))).toEqual([]);
    expect(page).not.toContain('<script');
    expect(page).not.toContain('"onload=');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;onload=alert(2)');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(3)&gt;');
    for (const [, href] of page.matchAll(/\shref="([^"]*)"/g)) expect(href).toMatch(/^#/);
  });

  it('says so when nothing links the failing findings', () => {
    const page = renderHtml(goldenReport('terway-finalizers'));
    expect(page).not.toContain('data-testid="causal-graph"');
    expect(page).toContain('No causal chain was identified');
    expect(page).toContain('ruled out: discovery is not failing for this namespace');
  });

  it('lists what could not be verified', () => {
    const page = renderHtml(goldenReport('auditor-denied-getpolicy'));
    const section = page.slice(page.indexOf('data-testid="not-verified"'));
    expect(section).toContain('ram:GetPolicy failed with Forbidden.RAM (request id 2194E3AA-B6CB-7B75-2CBB-D00304593C28)');
  });
});
