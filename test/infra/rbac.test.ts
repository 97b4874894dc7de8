/** The auditor's Kubernetes RBAC: get/list only, no Secrets, and every read the collector makes is granted. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

interface RbacObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
  roleRef?: { apiGroup: string; kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

const objects = parseAllDocuments(readFileSync(join(ROOT, 'infra', 'rbac.yaml'), 'utf8')).map((d) => {
  expect(d.errors).toEqual([]);
  return d.toJS() as RbacObject;
});
const roles = objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role');
const rules = roles.flatMap((r) => (r.rules ?? []).map((rule) => ({ role: r, rule })));

// The API group of each resource the collector reads.
const GROUP: Record<string, string> = {
  nodes: '',
  namespaces: '',
  pods: '',
  services: '',
  endpoints: '',
  events: '',
  configmaps: '',
  endpointslices: 'discovery.k8s.io',
  daemonsets: 'apps',
  deployments: 'apps',
  apiservices: 'apiregistration.k8s.io',
};

/** `'k8s:list nodes'`, `` `k8s:list pods` `` in shared/collect/kube.ts: the verb and resource of every read. */
function collectorReads(): { verb: string; resource: string }[] {
  const src = readFileSync(join(ROOT, 'shared', 'collect', 'kube.ts'), 'utf8');
  const found = [...src.matchAll(/[`'"]k8s:(get|list) ([a-z]+)[`'"]/g)].map((m) => `${m[1]} ${m[2]}`);
  return [...new Set(found)].sort().map((s) => ({ verb: s.split(' ')[0], resource: s.split(' ')[1] }));
}

describe('infra/rbac.yaml', () => {
  it('holds a ServiceAccount, a ClusterRole, a kube-system Role and a binding for each', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/kube-system/ack-drift-auditor',
      'ClusterRole//ack-drift-auditor',
      'Role/kube-system/ack-drift-auditor',
      'ClusterRoleBinding//ack-drift-auditor',
      'RoleBinding/kube-system/ack-drift-auditor',
    ]);
    for (const b of objects.filter((o) => o.kind.endsWith('Binding'))) {
      expect(roles.some((r) => r.kind === b.roleRef!.kind && r.metadata.name === b.roleRef!.name)).toBe(true);
      expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: 'ack-drift-auditor', namespace: 'kube-system' }]);
    }
  });

  it('is valid against the Kubernetes OpenAPI schemas', () => {
    const out = execFileSync(process.execPath, [join(__dirname, 'validate-k8s.mjs')], { input: JSON.stringify(objects), cwd: ROOT });
    expect(JSON.parse(out.toString('utf8'))).toEqual(objects.map((o) => ({ kind: o.kind, name: o.metadata.name })));
  });

  it('grants only get and list, never on Secrets, and no wildcards', () => {
    for (const { rule } of rules) {
      for (const v of rule.verbs) expect(['get', 'list']).toContain(v);
      expect(rule.resources ?? []).not.toContain('secrets');
      expect([...(rule.resources ?? []), ...(rule.apiGroups ?? []), ...rule.verbs]).not.toContain('*');
    }
  });

  it('grants every read the collector makes', () => {
    const reads = collectorReads();
    expect(reads.length).toBeGreaterThanOrEqual(10);
    for (const { verb, resource } of reads) {
      const granted = rules.some(({ rule }) => (rule.apiGroups ?? []).includes(GROUP[resource]) && (rule.resources ?? []).includes(resource) && rule.verbs.includes(verb));
      expect({ verb, resource, granted }).toEqual({ verb, resource, granted: true });
    }
  });

  it('reads ConfigMaps only in kube-system and only cloud-config', () => {
    const cm = rules.filter(({ rule }) => (rule.resources ?? []).includes('configmaps'));
    expect(cm).toHaveLength(1);
    expect(cm[0].role).toMatchObject({ kind: 'Role', metadata: { namespace: 'kube-system' } });
    expect(cm[0].rule).toMatchObject({ resourceNames: ['cloud-config'], verbs: ['get'] });
  });

  it('allows GET on the discovery paths', () => {
    const paths = rules.flatMap(({ rule }) => (rule.verbs.includes('get') ? (rule.nonResourceURLs ?? []) : []));
    expect(paths.sort()).toEqual(['/api', '/api/*', '/apis', '/apis/*', '/version']);
  });
});
