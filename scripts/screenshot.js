#!/usr/bin/env node
// Takes a full-page PNG of the HTML report in headless Chromium: `node scripts/screenshot.js [REPORT.json] [OUT.png]`.
// Without a report it audits the built-in seed incident (`ack-drift demo`) first. Chromium comes from CHROMIUM_PATH or
// /usr/bin/chromium (Debian's package); playwright-core never downloads a browser of its own.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { chromium } = require('playwright-core');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'bin', 'ack-drift');
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google's hosts, which a closed network refuses.
// playwright-core gives every launch a fresh, empty profile directory of its own.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// A fixed clock and run id, so the page shows the same report on every run.
const NOW = '2026-11-26T08:00:00Z';

async function main() {
  const [input, output = path.join(root, 'report-seed.png')] = process.argv.slice(2);
  if (!fs.existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: install Debian's chromium or set CHROMIUM_PATH`);
  if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { stdio: 'inherit' });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-drift-screenshot-'));
  try {
    const report = input ? path.resolve(input) : path.join(tmp, 'report.json');
    if (!input) {
      // demo exits 1 when it finds drift, as it does for the seed; the report file is what matters.
      const run = spawnSync(process.execPath, [cli, 'demo', '--format', 'json', '--output', report, '--now', NOW, '--run-id', 'run-screenshot'], { stdio: ['ignore', 'ignore', 'inherit'] });
      if (!fs.existsSync(report)) throw new Error(`ack-drift demo wrote no report (exit ${run.status})`);
    }
    const html = path.join(tmp, 'report.html');
    execFileSync(process.execPath, [cli, 'render', report, '--format', 'html', '--output', html], { stdio: 'inherit' });

    const browser = await chromium.launch({ executablePath, args: FLAGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(html).href);
      await page.screenshot({ path: path.resolve(output), fullPage: true });
    } finally {
      await browser.close();
    }
    process.stdout.write(`${path.resolve(output)}\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`screenshot: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
