/** Byte and character cuts never split a character, and report text cannot smuggle markup into a chat message. */
import fc from 'fast-check';
import { escapeMarkdown, escapeSlack, safeLink, visible } from '../../shared/notify/escape';
import { truncateUnits, truncateUtf8, utf8Bytes } from '../../shared/notify/truncate';

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

describe('escaping report text', () => {
  it('shows bidi overrides and invisible characters as code points, and folds line breaks', () => {
    expect(visible('evil\u202Etxt.exe')).toBe('evil‹U+202E›txt.exe');
    expect(visible('a\u200Bb\nc')).toBe('a‹U+200B›b c');
    expect(visible(FAMILY)).toBe(FAMILY);
  });

  it('DingTalk/WeCom markdown: no link, emphasis, heading or mention survives', () => {
    const out = escapeMarkdown('[click](http://evil) *x* _y_ # h <@all> `c`');
    expect(out).toBe('\\[click\\](http://evil) \\*x\\* \\_y\\_ \\# h &lt;@all&gt; \\`c\\`');
    expect(escapeMarkdown('line\n### heading')).not.toContain('\n');
  });

  it('Slack mrkdwn: & < > become entities, so <!channel> is text', () => {
    expect(escapeSlack('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
  });

  it('report links: only absolute http(s), with markdown-breaking characters encoded', () => {
    expect(safeLink('https://r.example/report (1).html')).toBe('https://r.example/report%20%281%29.html');
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink('not a url')).toBeUndefined();
  });
});
