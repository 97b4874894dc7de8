/** Issue #10 item 13: a kubeconfig server with a path (Rancher's `/k8s/clusters/c-abc`, a proxy) keeps it in every request. */
import { auditWithKubeconfig } from '../support/kube-audit';

it('an API server behind /k8s/clusters/c-abc is read whole through its prefix', async () => {
  const { report } = await auditWithKubeconfig({ kube: { pathPrefix: '/k8s/clusters/c-abc' } });
  expect(report.coverage.map((c) => `${c.check}:${c.status}`)).toEqual(report.coverage.map((c) => `${c.check}:complete`));
  expect(report.findings.filter((f) => f.status === 'fail').map((f) => f.code)).toContain('NAMESPACE_STUCK_TERMINATING');
});
