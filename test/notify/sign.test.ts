/** Signatures against receiver-side implementations written separately (test/support/webhook-signatures.ts) and the standardwebhooks package. */
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { dingtalkSign, larkSign, standardWebhooksKey, standardWebhooksSignature } from '../../shared/notify/sign';
import { deliverReport } from '../../shared/notify/deliver';
import { signatureProblem } from '../support/webhook-signatures';
import { answers, deliverAndVerify, demoReport, dingtalkSignatureValid, larkSignatureValid, signaturesChecked, startReceiver } from './support';

const secretText = fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' });
const nowMs = Date.UTC(2026, 10, 26, 8, 0, 0);

describe('DingTalk sign', () => {
  it('verifies at the receiver for any secret and time, URL-encoded into the query', () => {
    fc.assert(
      fc.property(secretText, fc.integer({ min: 0, max: 3_599_000 }), (secret, skew) => {
        const ts = nowMs - skew;
        // Given the query the product appends; When the receiver decodes and recomputes; Then it matches.
        const url = `/robot/send?access_token=t&timestamp=${ts}&sign=${encodeURIComponent(dingtalkSign(secret, ts))}`;
        return dingtalkSignatureValid(url, secret, nowMs);
      }),
    );
  });

  it('is base64 of a 32-byte MAC and changes with the timestamp and the secret', () => {
    const a = dingtalkSign('SECabc', nowMs);
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(dingtalkSign('SECabc', nowMs + 1)).not.toBe(a);
    expect(dingtalkSign('SECabd', nowMs)).not.toBe(a);
  });

  it('fails verification an hour and more away, or with another secret', () => {
    const ts = nowMs - 3_600_001;
    expect(dingtalkSignatureValid(`/s?timestamp=${ts}&sign=${encodeURIComponent(dingtalkSign('s', ts))}`, 's', nowMs)).toBe(false);
    expect(dingtalkSignatureValid(`/s?timestamp=${nowMs}&sign=${encodeURIComponent(dingtalkSign('s', nowMs))}`, 't', nowMs)).toBe(false);
  });
});

describe('Lark/Feishu sign', () => {
  it('verifies at the receiver (key = timestamp + "\\n" + secret over an empty message, seconds)', () => {
    fc.assert(
      fc.property(secretText, fc.integer({ min: 0, max: 3599 }), (secret, skew) => {
        const ts = Math.floor(nowMs / 1000) - skew;
        return larkSignatureValid({ timestamp: String(ts), sign: larkSign(secret, ts) }, secret, Math.floor(nowMs / 1000));
      }),
    );
  });

  it('is not the DingTalk construction (key and message reversed)', () => {
    const ts = Math.floor(nowMs / 1000);
    expect(larkSign('secret', ts)).not.toBe(dingtalkSign('secret', ts));
  });
});

describe('Standard Webhooks signature', () => {
  it('matches the standardwebhooks package over any body, including multi-byte text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 24, maxLength: 64 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }), (bytes, body, ts) => {
        const secret = `whsec_${Buffer.from(bytes).toString('base64')}`;
        const ours = standardWebhooksSignature(standardWebhooksKey(secret)!, 'msg_1', ts, body);
        return ours === new Webhook(secret).sign('msg_1', new Date(ts * 1000), body);
      }),
    );
  });

  it('reads whsec_ keys and bare base64, and rejects anything else', () => {
    expect(standardWebhooksKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toHaveLength(24);
    expect(standardWebhooksKey('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toHaveLength(24);
    expect(standardWebhooksKey('whsec_not base64!')).toBeUndefined();
    expect(standardWebhooksKey('whsec_')).toBeUndefined();
  });
});

describe('the receiver-side checks every webhook test runs (test/support/webhook-signatures.ts)', () => {
  const at = Date.UTC(2026, 10, 26, 8, 0, 0);
  const genericSecret = `whsec_${Buffer.from('receiver-side-check-key-0123').toString('base64')}`;
  const generic = (body: string, id = 'msg_1', ts = Math.floor(at / 1000)) => ({
    url: '/hooks',
    headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': new Webhook(genericSecret).sign(id, new Date(ts * 1000), body) },
    body,
  });

  it('accepts what each platform would accept', () => {
    expect(
      signatureProblem({ kind: 'dingtalk', secret: 's' }, { url: `/robot/send?access_token=t&timestamp=${at}&sign=${encodeURIComponent(dingtalkSign('s', at))}`, headers: {}, body: '{}' }, at),
    ).toBeUndefined();
    const ts = Math.floor(at / 1000);
    expect(
      signatureProblem({ kind: 'lark', secret: 's' }, { url: '/hook', headers: {}, body: JSON.stringify({ timestamp: String(ts), sign: larkSign('s', ts), msg_type: 'text' }) }, at),
    ).toBeUndefined();
    expect(signatureProblem({ kind: 'generic', secret: genericSecret }, generic('{"a":1}'), at)).toBeUndefined();
    expect(signatureProblem({ kind: 'wecom' }, { url: '/cgi-bin/webhook/send?key=k', headers: {}, body: '{}' }, at)).toBeUndefined();
    expect(signatureProblem({ kind: 'slack' }, { url: '/services/T/B/X', headers: {}, body: '{}' }, at)).toBeUndefined();
  });

  it('refuses a wrong secret, a stale timestamp, a changed body, and a signature on a target that has none', () => {
    const ding = (secret: string, ts: number) => ({ url: `/robot/send?timestamp=${ts}&sign=${encodeURIComponent(dingtalkSign(secret, ts))}`, headers: {}, body: '{}' });
    expect(signatureProblem({ kind: 'dingtalk', secret: 's' }, ding('t', at), at)).toBe('sign does not match');
    expect(signatureProblem({ kind: 'dingtalk', secret: 's' }, ding('s', at - 3_600_001), at)).toBe('timestamp more than an hour away');
    expect(signatureProblem({ kind: 'dingtalk', secret: 's' }, { url: '/robot/send', headers: {}, body: '{}' }, at)).toBe('no timestamp and sign in the query');
    // DingTalk's construction in a Lark body: key and message are reversed there.
    const ts = Math.floor(at / 1000);
    expect(signatureProblem({ kind: 'lark', secret: 's' }, { url: '/h', headers: {}, body: JSON.stringify({ timestamp: String(ts), sign: dingtalkSign('s', ts) }) }, at)).toBe('sign does not match');
    expect(signatureProblem({ kind: 'lark', secret: 's' }, { url: '/h', headers: {}, body: JSON.stringify({ timestamp: String(at), sign: larkSign('s', at) }) }, at)).toBe(
      `timestamp ${at} is not in seconds`,
    );
    const signed = generic('{"a":1}');
    expect(signatureProblem({ kind: 'generic', secret: genericSecret }, { ...signed, body: '{"a":2}' }, at)).toBe('no v1 signature matches');
    expect(signatureProblem({ kind: 'generic', secret: genericSecret }, signed, at + 301_000)).toBe('webhook-timestamp more than five minutes away');
    expect(signatureProblem({ kind: 'wecom' }, { url: `/send?key=k&timestamp=${at}&sign=x`, headers: {}, body: '{}' }, at)).toBe('an unsigned target sent a signature');
    expect(signatureProblem({ kind: 'slack', secret: 'x' }, { url: '/services/T/B/X', headers: {}, body: '{}' }, at)).toBe('slack has no signature scheme, yet a secret is configured');
  });

  it('fails the delivering test when a request would be refused', async () => {
    const r = await startReceiver(() => answers.lark());
    try {
      const target = { kind: 'lark' as const, name: 'l', url: `${r.origin}/open-apis/bot/v2/hook/x`, secret: 'right' };
      const report = await demoReport();
      // The deadline is taken after the report is built: building it runs the CLI, slow on a busy machine.
      const options = { deliveryId: 'd-1', deadline: Date.now() + 10_000, allowHttp: true, allowPrivateNetwork: true };
      const before = signaturesChecked();
      const [sent] = await deliverAndVerify(deliverReport, report, [target], options);
      expect(sent).toMatchObject({ ok: true });
      expect(signaturesChecked()).toBe(before + 1);
      // The sender signs with another secret than the receiver holds: the check throws.
      const wrongSigner: typeof deliverReport = (report, targets, o) =>
        deliverReport(
          report,
          targets.map((t) => ({ ...t, secret: 'wrong' })),
          o,
        );
      await expect(deliverAndVerify(wrongSigner, report, [target], options)).rejects.toThrow(/lark target l: the receiver would refuse the request: sign does not match/);
    } finally {
      await r.close();
    }
  });
});
