/**
 * The seed report page in a real headless Chromium (Debian's, driven by playwright-core): what a responder sees
 * first is visible, the graph has the four boxes of the seed chain, and the page makes no network request. At 420 px
 * (a phone) nothing scrolls the page sideways, a box of the graph opens its finding, so does the URL's #hash, findings
 * show that they open, and RAM evidence reads as tables, on the page `bin/ack-drift demo --output report.html` writes.
 * Skipped, with the reason printed, where no Chromium is installed (CHROMIUM_PATH or /usr/bin/chromium); under CI=true
 * a missing Chromium fails the suite instead (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../shared/report/html';
import { GOLDEN_SCENARIOS, goldenReport } from './golden-files';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const available = existsSync(executablePath);
const skipReason = `no Chromium at ${executablePath} (install Debian's chromium or set CHROMIUM_PATH)`;
if (!available && process.env.CI === 'true') throw new Error(`${skipReason}: CI must install it`);
if (!available) console.warn(`html-browser.test: skipped: ${skipReason}`);
const maybe = available ? it : it.skip;

// Without the background-networking flags Chromium dials Google's hosts at start; playwright-core gives each launch
// a fresh, empty profile directory itself.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

jest.setTimeout(20000);

describe(available ? 'HTML report in Chromium' : `HTML report in Chromium (skipped: ${skipReason})`, () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    if (!available) return;
    browser = await chromium.launch({ executablePath, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(renderHtml(goldenReport('seed-incident')), { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  maybe('shows the headline in the status banner', async () => {
    const headline = page.getByTestId('headline');
    expect(await headline.isVisible()).toBe(true);
    expect(await headline.locator('h1').innerText()).toMatch(/^Namespace tobedeletedb is stuck Terminating because/);
    expect(await headline.getAttribute('data-status')).toBe('degraded');
  });

  maybe('draws the causal graph with the four boxes of the seed chain, root cause last', async () => {
    const graph = page.getByTestId('causal-graph');
    expect(await graph.isVisible()).toBe(true);
    const chain = graph.locator('[data-testid="graph-node"][data-chain="true"]');
    expect(await chain.count()).toBe(4);
    for (let i = 0; i < 4; i += 1) expect(await chain.nth(i).isVisible()).toBe(true);
    expect(await chain.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-code')))).toEqual(['NAMESPACE_STUCK_TERMINATING', 'APISERVICE_UNAVAILABLE', 'ROUTE_MISSING', 'RAM_EXPLICIT_DENY']);
    // Laid out top to bottom: each box of the chain below the one it explains.
    const tops = await chain.evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().top));
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
  });

  maybe('shows the fix with the denying statement and the CreateRouteEntry command', async () => {
    const fix = page.getByTestId('fix');
    expect(await fix.isVisible()).toBe(true);
    expect(await fix.getByText('"Effect": "Deny"').isVisible()).toBe(true);
    expect(
      await page
        .getByTestId('fix-plan')
        .getByText(/aliyun vpc CreateRouteEntry .*--DestinationCidrBlock 172\.16\.1\.0\/24/)
        .isVisible(),
    ).toBe(true);
  });

  maybe('opens a finding with its evidence when its summary is clicked', async () => {
    const finding = page.locator('details.finding[data-code="ROUTE_MISSING"]');
    const evidence = finding.locator('.finding-body');
    expect(await evidence.isVisible()).toBe(false);
    await finding.locator('summary').click();
    expect(await evidence.isVisible()).toBe(true);
    expect(await evidence.innerText()).toContain('"podCIDR": "172.16.1.0/24"');
  });

  maybe('makes no network request', () => {
    expect(requests.filter((url) => !/^(data:|about:)/.test(url))).toEqual([]);
  });
});

describe(available ? 'HTML report in Chromium at 420 px' : `HTML report in Chromium at 420 px (skipped: ${skipReason})`, () => {
  const PHONE = { width: 420, height: 800 };
  const dir = mkdtempSync(join(tmpdir(), 'ack-drift-html-'));
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  // The page a person opens after `ack-drift demo --output report.html`, written by the shipped command line.
  const seedFile = join(dir, 'report.html');

  /** Opens a saved report page (a file:// URL, so a #hash works as when a person opens the file). */
  async function open(url: string): Promise<void> {
    await page.goto(url, { waitUntil: 'load' });
  }

  beforeAll(async () => {
    if (!available) return;
    for (const [name] of GOLDEN_SCENARIOS) writeFileSync(join(dir, `${name}.html`), renderHtml(goldenReport(name)));
    const demo = spawnSync(process.execPath, [join(__dirname, '../../bin/ack-drift'), 'demo', '--output', seedFile], { encoding: 'utf8', timeout: 60_000 });
    if (demo.status !== 1) throw new Error(`ack-drift demo --output exited ${demo.status}: ${demo.stderr}`);
    browser = await chromium.launch({ executablePath, args: FLAGS });
    page = await browser.newPage({ viewport: PHONE });
    page.on('request', (r) => requests.push(r.url()));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
  });

  maybe.each(GOLDEN_SCENARIOS.map(([name]) => name))('%s: nothing scrolls the page sideways, with every finding open', async (name) => {
    await open(`file://${join(dir, `${name}.html`)}`);
    const scrollWidth = () => page.locator('html').evaluate((html) => html.scrollWidth);
    expect(await scrollWidth()).toBe(PHONE.width);
    await page.locator('details').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
    expect(await scrollWidth()).toBe(PHONE.width);
    // The graph may be wider than the screen: it scrolls inside its own box, which stays on the screen.
    for (const right of await page.locator('.graph').evaluateAll((g) => g.map((e) => e.getBoundingClientRect().right))) expect(right).toBeLessThanOrEqual(PHONE.width);
  });

  maybe('selecting a box of the graph opens its finding and brings it into view', async () => {
    await open(`file://${seedFile}`);
    const box = page.locator('[data-testid="graph-node"][data-code="ROUTE_MISSING"]');
    const id = await box.getAttribute('data-finding-id');
    const finding = page.locator(`details.finding[data-finding-id="${id}"]`);
    expect(await finding.getAttribute('open')).toBeNull();
    await box.click();
    await page.waitForSelector(`details.finding[data-finding-id="${id}"][open]`, { timeout: 5000 });
    expect(await finding.locator('.finding-body').isVisible()).toBe(true);
    const top = await finding.evaluate((d) => d.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(PHONE.height / 2);
    expect(new URL(page.url()).hash).toBe(`#${id}`);
  });

  maybe("a link to a finding (the URL's #hash) opens it when the page loads", async () => {
    await open(`file://${seedFile}`);
    const id = await page.locator('details.finding[data-code="RAM_EXPLICIT_DENY"]').getAttribute('data-finding-id');
    await open(`file://${seedFile}#${id}`);
    const finding = page.locator(`details.finding[data-finding-id="${id}"]`);
    await page.waitForSelector(`details.finding[data-finding-id="${id}"][open]`, { timeout: 5000 });
    const top = await finding.evaluate((d) => d.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(PHONE.height / 2);
  });

  maybe('a finding shows that it opens: a disclosure marker that turns when it is open', async () => {
    await open(`file://${seedFile}`);
    const summary = page.locator('details.finding[data-code="ROUTE_MISSING"] > summary');
    const marker = () =>
      summary.evaluate((s) => {
        const m = s.ownerDocument.defaultView!.getComputedStyle(s, '::before');
        return { content: m.content, width: m.width, border: m.borderRightWidth, transform: m.transform, cursor: s.ownerDocument.defaultView!.getComputedStyle(s).cursor };
      });
    const closed = await marker();
    expect(closed.content).not.toBe('none');
    expect(closed.width).toBe('7px');
    expect(closed.border).toBe('2px');
    expect(closed.cursor).toBe('pointer');
    await summary.click();
    const opened = await marker();
    expect(opened.transform).not.toBe(closed.transform);
  });

  maybe('RAM evidence reads as tables, its JSON folded away', async () => {
    await open(`file://${seedFile}`);
    const finding = page.locator('details.finding[data-code="RAM_EXPLICIT_DENY"]');
    await finding.locator('> summary').click();
    const tables = finding.getByTestId('ram-evidence');
    expect(await tables.isVisible()).toBe(true);
    const deny = tables.locator('table').nth(1).locator('tbody tr').first();
    expect(await deny.locator('td[data-label="Effect"]').innerText()).toBe('Deny');
    expect(await deny.locator('td[data-label="Action"]').innerText()).toContain('vpc:*');
    expect(await deny.locator('td[data-label="Policy"]').innerText()).toMatch(/k8sMasterRolePolicy-8e4b1c7d\s+v3/);
    // On a phone each row stacks: the column's name beside its value, not a table wider than the screen.
    expect(await deny.locator('td[data-label="Effect"]').evaluate((td) => td.ownerDocument.defaultView!.getComputedStyle(td, '::before').content)).toBe('"Effect"');
    const raw = finding.locator('details.raw');
    expect(await raw.locator('pre').isVisible()).toBe(false);
    expect(await raw.locator('> summary').innerText()).toMatch(/^All evidence as JSON \([\d,]+ lines\)$/);
    // The whole finding, opened, is a few screens, not the 1,646 lines of its JSON.
    expect(await finding.evaluate((d) => d.getBoundingClientRect().height)).toBeLessThan(8 * PHONE.height);
  });

  maybe('makes no network request beyond its own file', () => {
    expect(requests.filter((url) => !/^(data:|about:)/.test(url) && !url.startsWith(`file://${dir}/`))).toEqual([]);
  });
});
