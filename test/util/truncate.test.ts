/** Byte, unit and middle cuts never split a character or a grapheme (emoji with modifiers, ZWJ sequences, flags). */
import fc from 'fast-check';
import { graphemePrefix, shortenMiddle, truncateUnits, truncateUtf8, utf8Bytes } from '../../shared/util/truncate';

const FAMILY = '👨‍👩‍👧‍👦'; // 7 code points joined by ZWJ, 25 bytes
const FLAG = '🇨🇳'; // two regional indicators, 8 bytes

describe('truncateUtf8', () => {
  it('counts bytes, not characters', () => {
    expect(utf8Bytes('路由')).toBe(6);
    expect(utf8Bytes('🚀')).toBe(4);
    expect(truncateUtf8('路由缺失', 12)).toBe('路由缺失');
    // 3 bytes for "…" leave 8: two whole characters (6 bytes), never the third's first bytes.
    expect(truncateUtf8('路由缺失', 11)).toBe('路由…');
  });

  it('keeps emoji sequences whole: a cut family or flag is dropped entirely', () => {
    expect(truncateUtf8(`ab${FAMILY}cd`, 20)).toBe('ab…');
    expect(truncateUtf8(`ab${FLAG}cd`, 9)).toBe('ab…');
    expect(truncateUtf8(`ab${FLAG}cdef`, 13)).toBe(`ab${FLAG}…`);
  });

  it('for any text and budget: within the budget, a prefix of the input, no replacement characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.integer({ min: 0, max: 400 }), (text, max) => {
        const out = truncateUtf8(text, max);
        if (utf8Bytes(out) > max) return false;
        if (out === text) return true;
        const kept = out.endsWith('…') ? out.slice(0, -1) : out;
        return text.startsWith(kept) && !out.includes('\uFFFD');
      }),
    );
  });
});

describe('truncateUnits (Slack counts characters)', () => {
  it('never splits a surrogate pair', () => {
    expect(truncateUnits('a🚀🚀🚀', 4)).toBe('a🚀…');
    const out = truncateUnits('a🚀🚀🚀', 3);
    expect(out).toBe('a…');
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(out)).toBe(false);
  });

  it('for any text: within the budget and a prefix of the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 0, max: 100 }), (text, max) => {
        const out = truncateUnits(text, max);
        const kept = out.endsWith('…') && out !== text ? out.slice(0, -1) : out;
        return out.length <= max && text.startsWith(kept);
      }),
    );
  });
});

describe('graphemePrefix', () => {
  it('keeps a ZWJ family, a flag and a skin-toned emoji whole or drops them whole', () => {
    expect(graphemePrefix(`ab${FAMILY}`, 13)).toBe(`ab${FAMILY}`);
    expect(graphemePrefix(`ab${FAMILY}`, 12)).toBe('ab');
    expect(graphemePrefix(`a${FLAG}`, 2)).toBe('a');
    expect(graphemePrefix('a👍🏽b', 4)).toBe('a');
    expect(graphemePrefix('a👍🏽b', 5)).toBe('a👍🏽');
  });

  it('for any text: a prefix of at most the budget, and never a lone surrogate', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 0, max: 100 }), (text, max) => {
        const out = graphemePrefix(text, max);
        return out.length <= max && text.startsWith(out) && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out);
      }),
    );
  });
});

describe('shortenMiddle', () => {
  it('cuts the middle between words, keeping the start and the verdict', () => {
    const s = 'APIService v1beta1.metrics.k8s.io is unavailable: MissingEndpoints for service kube-system/metrics-server; discovery answers 503.';
    const out = shortenMiddle(s, 60);
    expect(out.length).toBeLessThanOrEqual(60);
    expect(out).toBe('APIService v1beta1.metrics.k8s.io … answers 503.');
    expect(shortenMiddle('short', 60)).toBe('short');
  });

  it('never splits an emoji at either cut', () => {
    const s = `${FAMILY.repeat(10)}${FLAG.repeat(10)}`;
    const out = shortenMiddle(s, 40);
    const [head, tail] = out.split(' … ');
    expect(s.startsWith(head) && s.endsWith(tail)).toBe(true);
    expect(head.length % FAMILY.length).toBe(0);
    expect(tail.length % FLAG.length).toBe(0);
  });
});
