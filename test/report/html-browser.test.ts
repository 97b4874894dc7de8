/**
 * The seed report page in a real headless Chromium (Debian's, driven by playwright-core): what a responder sees
 * first is visible, the graph has the four boxes of the seed chain, and the page makes no network request.
 * Skipped, with the reason printed, where no Chromium is installed (CHROMIUM_PATH or /usr/bin/chromium); under CI=true
 * a missing Chromium fails the suite instead (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../shared/report/html';
import { goldenReport } from './golden-files';

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
