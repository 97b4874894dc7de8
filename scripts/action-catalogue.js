#!/usr/bin/env node
/**
 * Writes shared/ram/actions.json: every API action of VPC, ECS, RAM and CS as the official SDK models name them
 * (the `action: "…"` of each operation in @alicloud/<product>/dist/client.js). The fix planner evaluates policy
 * changes over these concrete actions; test/fix/action-catalogue.test.ts fails when the file is stale.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const SDKS = { vpc: 'vpc20160428', ecs: 'ecs20140526', ram: 'ram20150501', cs: 'cs20151215' };

/** The sorted, unique action names of one SDK. */
function actionsOf(pkg) {
  const text = readFileSync(join(__dirname, '..', 'node_modules', '@alicloud', pkg, 'dist', 'client.js'), 'utf8');
  return [...new Set([...text.matchAll(/action: "([A-Za-z0-9]+)"/g)].map((m) => m[1]))].sort();
}

function catalogue() {
  return Object.fromEntries(Object.entries(SDKS).map(([service, pkg]) => [service, actionsOf(pkg)]));
}

module.exports = { catalogue };

if (require.main === module) {
  writeFileSync(join(__dirname, '..', 'shared', 'ram', 'actions.json'), `${JSON.stringify(catalogue())}\n`);
}
