/** The checks, in one explicit list. A check that throws becomes an unknown finding; it never kills the run. */
import type { Inventory } from '../collect/inventory';
import { failuresOf } from '../collect/inventory';
import { incomplete, makeFinding } from '../findings/make';
import type { EmittingCheck, Coverage, Finding } from '../findings/types';
import { checkApiServices } from './apiservices';
import { ccmEventFindings } from './ccm';
import { ccmHealthFindings } from './ccm-health';
import { checkNamespaces } from './namespaces';
import { checkRam } from './ram';
import { checkRoutes } from './routes';
import type { CheckContext, CheckResult } from './types';

type Check = { id: EmittingCheck; run: (inv: Inventory, ctx: CheckContext) => CheckResult };

/** Every check, by the id that owns its codes in the catalogue. */
export const CHECKS: readonly Check[] = [
  {
    id: 'routes',
    run: (inv, ctx) => {
      const r = checkRoutes(inv, ctx);
      const findings = [...r.findings, ...ccmHealthFindings(inv), ...ccmEventFindings(inv)];
      // Unread events are not "no events": the route controller's own failure reports may be among them.
      if (r.coverage.status === 'not_applicable' || r.coverage.status === 'failed' || (inv.events.status !== 'failed' && inv.events.status !== 'partial')) return { ...r, findings };
      const gap = incomplete('routes', "the route controller's events", failuresOf(inv.events));
      const reason = `${r.coverage.reason}; the route controller's events were not read, so its failures may be unreported`;
      return { findings: [...findings, gap], coverage: { ...r.coverage, status: 'partial', reason } };
    },
  },
  { id: 'ram', run: checkRam },
  { id: 'apiservices', run: checkApiServices },
  { id: 'namespaces', run: checkNamespaces },
];

/** Runs every check over the inventory; returns all findings and one coverage entry per check. */
export function runChecks(inv: Inventory, ctx: CheckContext): { findings: Finding[]; coverage: Coverage[]; internalErrors: string[] } {
  const findings: Finding[] = [];
  const coverage: Coverage[] = [];
  const internalErrors: string[] = [];
  for (const check of CHECKS) {
    try {
      const r = check.run(inv, ctx);
      findings.push(...r.findings);
      coverage.push(r.coverage);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      findings.push(
        makeFinding({
          code: 'CHECK_INCOMPLETE',
          check: check.id,
          status: 'unknown',
          resource: { kind: 'Check', name: check.id },
          key: 'crash',
          message: `The ${check.id} check failed: ${message}.`,
          evidence: { error: message },
        }),
      );
      coverage.push({ check: check.id, status: 'failed', reason: `internal error: ${message}` });
      internalErrors.push(`the ${check.id} check failed: ${message}`);
    }
  }
  coverage.push(nodesCoverage(inv));
  return { findings, coverage, internalErrors };
}

function nodesCoverage(inv: Inventory): Coverage {
  if (inv.nodes.status === 'complete') return { check: 'nodes', status: 'complete', reason: `${inv.nodes.value.length} nodes read` };
  if (inv.nodes.status === 'partial') return { check: 'nodes', status: 'partial', reason: `only part of the node list was read: ${inv.nodes.failures[0]?.code}` };
  if (inv.nodes.status === 'failed') return { check: 'nodes', status: 'failed', reason: `nodes could not be listed: ${inv.nodes.failures[0]?.api} ${inv.nodes.failures[0]?.code}` };
  return { check: 'nodes', status: 'failed', reason: inv.nodes.reason };
}
