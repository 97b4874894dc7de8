/**
 * Loads a kubeconfig for client-node without letting it take over the process. client-node honours `exec`, the
 * gcp/azure auth-providers' `cmd-path` (a shell command, no timeout), `token-file` (read while loading), file paths
 * for certificates and keys, and `proxy-url`. A kubeconfig from CS (DescribeClusterUserKubeconfig) is the cloud's
 * answer, not the operator's: only inline data is accepted from it. A user's own `--kubeconfig` keeps its exec
 * plugins, run here with a timeout inside the run's deadline and with their stderr withheld from every report.
 */
import { spawn } from 'node:child_process';
// The KubeConfig module alone: the package index also loads watch, exec, attach, port-forward and their WebSocket stack.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { parse } from 'yaml';
import { graphemePrefix } from '../util/truncate';
import { ExecPluginError, KubeconfigError } from '../util/errors';

/** Where the kubeconfig text came from: the CS API (untrusted) or the operator's own file. */
export type KubeconfigSource = 'cs' | 'user';

export interface KubeconfigOptions {
  source: KubeconfigSource;
  /** Longest run of one exec plugin; each run is cut shorter to end by `deadline`. */
  execTimeoutMs: number;
  /** Epoch milliseconds: the run's deadline. */
  deadline: number;
  /** The context to use instead of the file's current-context (`--context`). */
  context?: string;
}

type Json = Record<string, unknown>;

// What client-node reads from a cluster and a user entry (config_types.js), split by what CS may send.
const CS_CLUSTER_KEYS = new Set(['server', 'certificate-authority-data', 'tls-server-name']);
const CS_USER_KEYS = new Set(['token', 'client-certificate-data', 'client-key-data']);
const CLIENT_NODE_CLUSTER_KEYS = ['server', 'certificate-authority-data', 'certificate-authority', 'insecure-skip-tls-verify', 'tls-server-name', 'proxy-url'];
const CLIENT_NODE_USER_KEYS = ['auth-provider', 'client-certificate-data', 'client-certificate', 'exec', 'client-key-data', 'client-key', 'token', 'token-file', 'password', 'username', 'as'];

function obj(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function entries(v: unknown): Json[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

/** The subset of `inner` whose keys client-node reads and `allowed` accepts; throws naming the first refused key. */
function vetted(inner: Json, known: readonly string[], allowed: (key: string) => boolean, where: string): Json {
  const out: Json = {};
  for (const key of known) {
    if (!(key in inner) || inner[key] === undefined || inner[key] === null) continue;
    if (!allowed(key)) throw new KubeconfigError(`${where} has \`${key}\`, which a kubeconfig from CS may not carry (only inline server, CA data, token or client certificate data is accepted)`);
    out[key] = inner[key];
  }
  return out;
}

/**
 * A KubeConfig from YAML text, vetted for its source. A parse error keeps only its first line (YAML errors quote
 * the source, tokens included); a refused field is named, never its value.
 */
export function loadKubeconfig(text: string, o: KubeconfigOptions): KubeConfig {
  let doc: Json;
  try {
    doc = obj(parse(text));
  } catch (err) {
    const first = graphemePrefix((err instanceof Error ? err.message : String(err)).split('\n')[0], 200);
    throw new KubeconfigError(`the kubeconfig does not parse: ${first}`, 'KubeconfigInvalid');
  }
  const fromCs = o.source === 'cs';
  const plugins = new Map<string, ExecSpec>();
  const clusters = entries(doc.clusters).map((c, i) => {
    const where = `clusters[${i}]`;
    const cluster = vetted(obj(c.cluster), CLIENT_NODE_CLUSTER_KEYS, (k) => !fromCs || CS_CLUSTER_KEYS.has(k), where);
    if (fromCs && !/^https:\/\//i.test(String(cluster.server ?? ''))) throw new KubeconfigError(`${where}.server is not an https URL`);
    return { ...c, cluster };
  });
  const users = entries(doc.users).map((u, i) => {
    const where = `users[${i}]`;
    const user = vetted(obj(u.user), CLIENT_NODE_USER_KEYS, (k) => !fromCs || CS_USER_KEYS.has(k), where);
    const provider = obj(user['auth-provider']);
    // gcp and azure run `cmd-path` through a shell with no timeout; the legacy exec provider bypasses ours.
    if ('cmd-path' in obj(provider.config) || 'exec' in obj(provider.config)) {
      throw new KubeconfigError(`${where}.auth-provider runs a command without a timeout: use an exec plugin (users[].user.exec) instead`);
    }
    if (user.exec !== undefined) {
      plugins.set(String(u.name), execSpecOf(user.exec, `${where}.exec`));
      delete user.exec;
    }
    return { ...u, user };
  });
  const kc = new KubeConfig();
  try {
    // client-node parses with another YAML library: hand it JSON of exactly what was vetted, so both read the same.
    kc.loadFromString(JSON.stringify({ ...doc, clusters, users }));
  } catch (err) {
    throw new KubeconfigError(`the kubeconfig is not usable: ${graphemePrefix((err instanceof Error ? err.message : String(err)).split('\n')[0], 200)}`, 'KubeconfigInvalid');
  }
  useContext(kc, o.context);
  if (plugins.size > 0) kc.addAuthenticator(new ExecPlugins(plugins, o));
  return kc;
}

/** Switches to `context` when given; fails naming the contexts there are when it is missing or names no server. */
function useContext(kc: KubeConfig, context: string | undefined): void {
  const names = kc.getContexts().map((c) => JSON.stringify(c.name));
  if (context !== undefined) {
    if (!kc.getContexts().some((c) => c.name === context))
      throw new KubeconfigError(`the kubeconfig has no context ${JSON.stringify(context)} (it has ${names.join(', ') || 'none'})`, 'KubeconfigInvalid');
    kc.setCurrentContext(context);
  }
  if (kc.getCurrentCluster()?.server) return;
  const current = kc.getCurrentContext();
  throw new KubeconfigError(
    current
      ? `the kubeconfig's context ${JSON.stringify(current)} names no cluster with a server`
      : `the kubeconfig has no current-context${names.length ? ` (pick one of ${names.join(', ')} with --context)` : ''}`,
    'KubeconfigInvalid',
  );
}

interface ExecSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  apiVersion: string;
}

function execSpecOf(raw: unknown, where: string): ExecSpec {
  const e = obj(raw);
  if (typeof e.command !== 'string' || e.command === '') throw new KubeconfigError(`${where}.command is missing`, 'KubeconfigInvalid');
  const args = Array.isArray(e.args) ? e.args.map(String) : [];
  const env = Object.fromEntries(entries(e.env).map((v) => [String(v.name), String(v.value ?? '')]));
  return { command: e.command, args, env, apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : 'client.authentication.k8s.io/v1' };
}

interface Credential {
  token?: string;
  cert?: string;
  key?: string;
  expires: number;
}

/** The most a plugin may print on stdout: an ExecCredential is a few KB. */
const MAX_PLUGIN_OUTPUT = 1024 * 1024;

/**
 * Runs exec credential plugins (client.authentication.k8s.io) for client-node, in place of its own runner which
 * has no timeout and throws the plugin's stderr as the error message. One run per user at a time; a failure is
 * remembered for the rest of the run, so a broken plugin is not started again for every request.
 */
class ExecPlugins {
  private readonly cache = new Map<string, Promise<Credential>>();

  constructor(
    private readonly plugins: Map<string, ExecSpec>,
    private readonly o: KubeconfigOptions,
  ) {}

  isAuthProvider(user: { name: string }): boolean {
    return this.plugins.has(user.name);
  }

  async applyAuthentication(user: { name: string }, opts: { headers?: Record<string, unknown>; cert?: unknown; key?: unknown }): Promise<void> {
    let pending = this.cache.get(user.name);
    if (!pending) {
      pending = this.run(this.plugins.get(user.name)!);
      this.cache.set(user.name, pending);
    }
    let cred = await pending;
    if (cred.expires <= Date.now()) {
      pending = this.run(this.plugins.get(user.name)!);
      this.cache.set(user.name, pending);
      cred = await pending;
    }
    if (cred.cert) opts.cert = cred.cert;
    if (cred.key) opts.key = cred.key;
    if (cred.token) opts.headers = { ...(opts.headers ?? {}), Authorization: `Bearer ${cred.token}` };
  }

  private run(spec: ExecSpec): Promise<Credential> {
    const what = `exec plugin ${JSON.stringify(spec.command.split('/').pop())}`;
    const timeoutMs = Math.min(this.o.execTimeoutMs, this.o.deadline - Date.now());
    if (timeoutMs <= 0) return Promise.reject(new ExecPluginError('DeadlineExceeded', `${what} not started: the run deadline was reached`));
    return new Promise<Credential>((resolve, reject) => {
      const execInfo = JSON.stringify({ apiVersion: spec.apiVersion, kind: 'ExecCredential', spec: { interactive: false } });
      const child = spawn(spec.command, spec.args, { env: { ...process.env, ...spec.env, KUBERNETES_EXEC_INFO: execInfo }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      // Its own process group, so a stop reaches what the plugin started too (a shell's `sleep` would keep the pipes open).
      const stop = () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
        child.stdout.destroy();
        child.stderr.destroy();
      };
      let stdout = '';
      let stderrBytes = 0;
      let settled = false;
      const finish = (err: Error | undefined, cred?: Credential) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(cred!);
      };
      const timer = setTimeout(() => {
        stop();
        finish(new ExecPluginError('ExecPluginTimeout', `${what} gave no credential within ${timeoutMs} ms and was stopped`));
      }, timeoutMs);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        stdout += d;
        if (stdout.length > MAX_PLUGIN_OUTPUT) {
          stop();
          finish(new ExecPluginError('ExecPluginError', `${what} printed more than ${MAX_PLUGIN_OUTPUT} bytes`));
        }
      });
      // The plugin's stderr may hold refresh tokens or device codes: counted, never kept.
      child.stderr.on('data', (d: Buffer) => {
        stderrBytes += d.length;
      });
      child.on('error', (err: NodeJS.ErrnoException) => finish(new ExecPluginError('ExecPluginError', `${what} could not start (${err.code ?? err.name})`)));
      child.on('close', (code, signal) => {
        const withheld = stderrBytes > 0 ? `; its stderr (${stderrBytes} bytes) is withheld: it may hold credentials` : '';
        if (code !== 0) return finish(new ExecPluginError('ExecPluginError', `${what} exited with ${signal ?? `code ${code}`}${withheld}`));
        try {
          finish(undefined, credentialOf(JSON.parse(stdout)));
        } catch {
          finish(new ExecPluginError('ExecPluginError', `${what} printed no ExecCredential with a token or client certificate${withheld}`));
        }
      });
    });
  }
}

function credentialOf(doc: unknown): Credential {
  const status = obj(obj(doc).status);
  const s = (k: string) => (typeof status[k] === 'string' && status[k] !== '' ? (status[k] as string) : undefined);
  const cred = { token: s('token'), cert: s('clientCertificateData'), key: s('clientKeyData') };
  if (!cred.token && !(cred.cert && cred.key)) throw new Error('no credential');
  const expires = s('expirationTimestamp') ? Date.parse(s('expirationTimestamp')!) : Number.POSITIVE_INFINITY;
  return { ...cred, expires: Number.isNaN(expires) ? Number.POSITIVE_INFINITY : expires };
}
