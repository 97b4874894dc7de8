/**
 * The worlds `fix --apply` must repair: the seed incident and variations of it, each written to a scenario file.
 * Each variation changes only what its name says, so a healthy re-audit is owed to the fix alone.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = join(__dirname, '..', '..');

type Doc = { Version: string; Statement: Record<string, unknown>[] };
type World = Record<string, any>;

const ALLOW_ECS = { Effect: 'Allow', Action: ['ecs:Describe*', 'ecs:CreateRouteEntry', 'ecs:DeleteRouteEntry', 'ecs:AttachDisk', 'ecs:DetachDisk'], Resource: ['*'] };
const ALLOW_SLB = { Effect: 'Allow', Action: ['slb:*'], Resource: ['*'] };
const ALLOW_LOG = { Effect: 'Allow', Action: ['log:*'], Resource: ['*'] };
const ALLOW_VPC = { Effect: 'Allow', Action: ['vpc:*'], Resource: ['*'] };

function seed(): World {
  return parse(readFileSync(join(ROOT, 'scenarios', 'seed-incident.yaml'), 'utf8')) as World;
}

/** Replaces the master policy's default version (v3) with this document. */
function masterV3(w: World, doc: Doc): World {
  const p = w.cloud.ram.policies.find((x: { PolicyName: string }) => x.PolicyName.startsWith('k8sMasterRolePolicy'));
  p.Versions.find((v: { VersionId: string }) => v.VersionId === 'v3').PolicyDocument = doc;
  return w;
}

const WORLDS: Record<string, () => World> = {
  'seed-incident': seed,
  // A freeze policy attached to the master role later: it denies vpc:*RouteEntry* by wildcard.
  'deny-second-policy': () => parse(readFileSync(join(ROOT, 'test/fixtures/scenarios/deny-second-policy-wildcard.yaml'), 'utf8')) as World,
  // Nothing denies: the master policy simply has no vpc statement.
  'implicit-deny': () => masterV3(seed(), { Version: '1', Statement: [ALLOW_ECS, ALLOW_SLB, ALLOW_LOG] }),
  // vpc:* is allowed, but the route writes are denied on every route table.
  'resource-scoped-deny': () =>
    masterV3(seed(), {
      Version: '1',
      Statement: [
        ALLOW_ECS,
        ALLOW_SLB,
        ALLOW_VPC,
        ALLOW_LOG,
        { Effect: 'Deny', Action: ['vpc:CreateRouteEntry', 'vpc:DeleteRouteEntry', 'vpc:ModifyRouteEntry'], Resource: ['acs:vpc:*:*:routetable/*'] },
      ],
    }),
  // A guardrail statement denies everything but ECS, SLB and Log actions.
  'notaction-deny': () =>
    masterV3(seed(), {
      Version: '1',
      Statement: [ALLOW_ECS, ALLOW_SLB, ALLOW_VPC, ALLOW_LOG, { Sid: 'OnlyComputeAndLogs', Effect: 'Deny', NotAction: ['ecs:*', 'slb:*', 'log:*'], Resource: '*' }],
    }),
  // RAM is fine; the route for the metrics-server node points at the other worker.
  'wrong-next-hop': () => {
    const w = masterV3(seed(), { Version: '1', Statement: [ALLOW_ECS, ALLOW_SLB, ALLOW_VPC, ALLOW_LOG] });
    w.cloud.routeEntries.push({
      RouteTableId: 'vtb-bp1q3w5e7r9t1y3u5i7o',
      RouteEntryId: 'rte-bp1wrong0hop00000001',
      DestinationCidrBlock: '172.16.1.0/24',
      Type: 'Custom',
      Status: 'Available',
      NextHops: [{ NextHopType: 'Instance', NextHopId: 'i-bp1f9wrkr2h5j7l1p3qz' }],
    });
    w.cluster.objects = w.cluster.objects.filter((o: { kind: string }) => o.kind !== 'Event');
    return w;
  },
};

export const WORLD_NAMES = Object.keys(WORLDS);

/** The world as a parsed scenario object. */
export function world(name: string): World {
  const w = WORLDS[name]();
  delete w.expect;
  return w;
}

/** Writes the world to a scenario file and returns its path. */
export function worldFile(name: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ack-drift-fix-')), `${name}.yaml`);
  writeFileSync(file, stringify(world(name)));
  return file;
}
