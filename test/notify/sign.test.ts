/** Signatures against receiver-side implementations written separately (test/notify/support.ts) and the standardwebhooks package. */
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { dingtalkSign, larkSign, standardWebhooksKey, standardWebhooksSignature } from '../../shared/notify/sign';
import { dingtalkSignatureValid, larkSignatureValid } from './support';

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
