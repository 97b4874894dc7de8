/** The one markdown escaper: report text cannot smuggle markup, links, headings or mentions into markdown. */
import { escapeEntities, escapeMarkdown } from '../../shared/util/markdown-escape';

describe('escapeMarkdown', () => {
  it('leaves no link, image, emphasis, heading, table cell or mention', () => {
    const out = escapeMarkdown('[click](http://evil) ![i](x) *x* _y_ ~z~ # h | <@all> `c`');
    expect(out).toBe('\\[click\\](http://evil) \\!\\[i\\](x) \\*x\\* \\_y\\_ \\~z\\~ \\# h \\| &lt;@all&gt; \\`c\\`');
    expect(escapeMarkdown('line\n### heading')).toBe('line \\#\\#\\# heading');
    expect(escapeMarkdown('a\u202Eb & c')).toBe('a‹U+202E›b &amp; c');
  });
});

describe('escapeEntities (Slack mrkdwn)', () => {
  it('makes & < > entities, so <!channel> is text', () => {
    expect(escapeEntities('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
  });
});
