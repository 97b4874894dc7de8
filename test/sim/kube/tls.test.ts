/** HTTPS: a fresh CA per simulator, a server certificate for 127.0.0.1 and localhost, and a kubeconfig that verifies it. */
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import { parse } from 'yaml';
import { startKubeSimulator, type KubeSimulator } from '../../../shared/sim/kube/server';
import { kubeConfig, rejection, seed } from './support';

let sim: KubeSimulator;
beforeAll(async () => {
  sim = await startKubeSimulator(seed());
});
afterAll(() => sim.close());

/**
 * The certificate the server presents, over a TLS connection to 127.0.0.1 that trusts `ca` and checks the
 * certificate against `servername` (against the IP when none is given).
 */
function peerCertificate(ca?: string, servername?: string): Promise<X509Certificate> {
  const port = Number(new URL(sim.url).port);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca, ...(servername ? { servername } : {}) }, () => {
      resolve(socket.getPeerX509Certificate() as X509Certificate);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

describe('kube simulator TLS', () => {
  test('the kubeconfig names the https server, the CA data, the token and a current context', () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cfg = parse(sim.kubeconfig()) as {
      clusters: Array<{ name: string; cluster: Record<string, string> }>;
      users: Array<{ name: string; user: Record<string, string> }>;
      contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
      'current-context': string;
    };
    expect(cfg.clusters).toHaveLength(1);
    expect(cfg.clusters[0].cluster.server).toBe(sim.url);
    expect(Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(sim.caPem);
    expect(cfg.clusters[0].cluster['insecure-skip-tls-verify']).toBeUndefined();
    expect(cfg.users[0].user.token).toBe(sim.token);
    expect(cfg.contexts[0].context).toEqual({ cluster: cfg.clusters[0].name, user: cfg.users[0].name });
    expect(cfg['current-context']).toBe(cfg.contexts[0].name);
  });

  test('client-node loads the kubeconfig as-is and talks to the server with verification on', async () => {
    const kc = kubeConfig(sim);
    expect(kc.getCurrentCluster()?.skipTLSVerify).toBeFalsy();
    const namespaces = await kc.makeApiClient(k8s.CoreV1Api).listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(['default', 'kube-system', 'tobedeletedb']);
  });

  test('the server certificate is issued by the CA for IP 127.0.0.1 and DNS localhost', async () => {
    const ca = new X509Certificate(sim.caPem);
    expect(ca.ca).toBe(true);
    const byIp = await peerCertificate(sim.caPem);
    expect(byIp.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(byIp.checkIssued(ca)).toBe(true);
    expect(byIp.verify(ca.publicKey)).toBe(true);
    // Hostname verification by name succeeds too (default checkServerIdentity).
    await expect(peerCertificate(sim.caPem, 'localhost')).resolves.toBeInstanceOf(X509Certificate);
    await expect(peerCertificate(sim.caPem, 'kube.example.com')).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  test('a TLS connection that does not trust the CA is refused', async () => {
    await expect(peerCertificate()).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  test('client-node without the CA data refuses the server', async () => {
    const kc = kubeConfig(sim);
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('no current cluster');
    kc.clusters = [{ ...cluster, caData: undefined }];
    const err = await rejection(kc.makeApiClient(k8s.CoreV1Api).listNode());
    expect(err).toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  test("every simulator has its own CA: another simulator's CA does not verify this one", async () => {
    const other = await startKubeSimulator(seed());
    try {
      expect(other.caPem).not.toBe(sim.caPem);
      await expect(peerCertificate(other.caPem)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    } finally {
      await other.close();
    }
  });
});
