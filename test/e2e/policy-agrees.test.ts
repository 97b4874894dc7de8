/**
 * `ack-drift policy` and `ack-drift audit` judge the same policy the same way: a grant of the ecs: route-write names
 * does not allow vpc:CreateRouteEntry, the action the CCM's VPC-endpoint call needs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../shared/scenario/load';
import type { Report } from '../../shared/report/schema';
import { runCli } from '../support/cli';

const scenario = join(__dirname, '../fixtures/scenarios/ecs-route-names-only.yaml');

it('policy and audit agree on an ecs:-only route-write grant', async () => {
  const policy = loadScenario(scenario).cloud.ram.policies.find((p) => p.PolicyName === 'k8sMasterRolePolicy-8e4b1c7d')!;
  const doc = policy.Versions.find((v) => v.VersionId === policy.DefaultVersion)!.PolicyDocument;
  const file = join(mkdtempSync(join(tmpdir(), 'ack-drift-policy-')), 'master.json');
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  const resource = 'acs:vpc:cn-hangzhou:1837462005813702:routetable/vtb-bp1q3w5e7r9t1y3u5i7o';

  const verdict = async (action: string) => {
    const r = await runCli(['policy', '--policy', file, '--action', action, '--resource', resource, '--format', 'json']);
    return { code: r.code, decision: (JSON.parse(r.stdout) as { decision: string }).decision };
  };
  expect(await verdict('ecs:CreateRouteEntry')).toEqual({ code: 0, decision: 'allow' });
  expect(await verdict('vpc:CreateRouteEntry')).toEqual({ code: 1, decision: 'implicitDeny' });

  const audit = JSON.parse((await runCli(['audit', '--scenario', scenario, '--format', 'json'])).stdout) as Report;
  const denied = audit.findings.filter((f) => f.code === 'RAM_IMPLICIT_DENY').flatMap((f) => (f.evidence.actions as { action: string }[]).map((a) => a.action));
  expect(denied).toEqual(expect.arrayContaining(['vpc:CreateRouteEntry', 'vpc:DeleteRouteEntry']));
});
