/** One POST over node's http/https to an address vetted beforehand: no redirects, a timeout, a capped answer, never throws. */
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { VettedAddress } from './outbound';

export interface PostRequest {
  url: URL;
  /** The addresses `vetDestination` approved, tried in turn; the connection goes there and nowhere else. */
  addresses: VettedAddress[];
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The answer's first bytes as text (robots answer a few hundred bytes; more is never needed). */
  body: string;
}

export type PostResult = { answer: HttpAnswer } | { failure: string; retry: boolean };

const MAX_ANSWER_BYTES = 64 * 1024;

// A certificate that does not verify will not verify on the next attempt either.
const PERMANENT_NETWORK = /^(CERT_|ERR_TLS_CERT|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** Sends the body once and reports the answer, or the network failure and whether another attempt may help. */
export function postOnce(req: PostRequest): Promise<PostResult> {
  return new Promise((resolve) => {
    const hostname = req.url.hostname.replace(/^\[(.*)\]$/, '$1');
    const body = Buffer.from(req.body, 'utf8');
    const client = req.url.protocol === 'https:' ? https : http;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let request: http.ClientRequest;
    try {
      request = client.request(
        {
          method: 'POST',
          host: hostname,
          port: req.url.port || undefined,
          path: `${req.url.pathname}${req.url.search}`,
          headers: { ...req.headers, 'content-length': String(body.length) },
          // Connect to the vetted address, never a fresh DNS answer (DNS rebinding); Host and SNI stay the URL's name.
          lookup: pinnedLookup(req.addresses),
          // Node 20 asks for `all` addresses and tries each in turn (autoSelectFamily, on by default since 20.0).
          servername: isIP(hostname) ? undefined : hostname,
          // No pooled socket: a kept-alive connection from an earlier target must not carry this request.
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size >= MAX_ANSWER_BYTES) return;
            chunks.push(chunk);
            size += chunk.length;
            if (size >= MAX_ANSWER_BYTES) res.destroy();
          });
          const done = () => settle({ answer: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8') } });
          res.on('end', done);
          res.on('close', done);
          res.on('error', done);
        },
      );
    } catch (e) {
      // A header value node refuses (a delivery id with a line break): nothing was sent, and resending will not help.
      settle({ failure: `the request could not be built (${String((e as NodeJS.ErrnoException).code ?? 'ERROR')})`, retry: false });
      return;
    }
    timer = setTimeout(() => {
      settle({ failure: `no answer within ${req.timeoutMs} ms`, retry: true });
      request.destroy();
    }, req.timeoutMs);
    request.on('error', (e: NodeJS.ErrnoException) => {
      const code = String(e.code ?? 'ERROR');
      settle({ failure: `network error ${code}`, retry: !PERMANENT_NETWORK.test(code) });
    });
    request.end(body);
  });
}

function pinnedLookup(vetted: VettedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all)
      callback(
        null,
        vetted.map((v) => ({ address: v.address, family: v.family })),
      );
    else callback(null, vetted[0].address, vetted[0].family);
  };
}
