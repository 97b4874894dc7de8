/** cloud-config as the CCM decodes it: YAML or JSON, keys matched like Go's encoding/json, strings only. */
import { parseCloudConfig } from '../../shared/collect/cloud-config';

describe('parseCloudConfig', () => {
  it('reads JSON with keys in any case; the last matching key wins', () => {
    const c = parseCloudConfig('{"global":{"VPCID":"vpc-a","vpcid":"vpc-b","RouteTableIds":"vtb-1,vtb-2"}}');
    expect(c).toMatchObject({ vpcId: 'vpc-b', routeTableIds: ['vtb-1', 'vtb-2'], format: 'json', hasAccessKey: false });
  });
  it('reads YAML, AccessKey and uid included (never their values)', () => {
    const c = parseCloudConfig('Global:\n  accesskeyid: a2V5\n  ACCESSKEYSECRET: c2VjcmV0\n  UID: "123"\n');
    expect(c).toEqual({ routeTableIds: [], hasAccessKey: true, assumesRole: true, format: 'yaml' });
    expect(JSON.stringify(c)).not.toMatch(/a2V5|c2VjcmV0/);
  });
  it('reports what the decoder rejects without printing it', () => {
    expect(parseCloudConfig('Global:\n  accessKeySecret: 12345\n').problems).toEqual(["Global.accessKeySecret is a number, not a string: the CCM's decoder rejects the whole file"]);
  });
  it('fails the read on a document that does not decode, naming no part of it (it may hold a key)', () => {
    expect(() => parseCloudConfig('{"Global": [ "c2VjcmV0"')).toThrow(/^k8s:get configmaps: UnparseableCloudConfig: kube-system\/cloud-config: cloud-config.conf is neither JSON nor YAML$/);
    expect(() => parseCloudConfig('- a\n- b\n')).toThrow(/is not an object/);
  });
});
