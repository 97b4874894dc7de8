/** Chat-message pieces: inline code that cannot break out, and only absolute http(s) report links. */
import { markdownCode, safeLink } from '../../shared/notify/escape';
import { escapeMarkdown } from '../../shared/util/markdown-escape';

describe('markdownCode', () => {
  it('is inline code unless the command holds a backtick, then escaped text', () => {
    expect(markdownCode('kubectl get ns', escapeMarkdown)).toBe('`kubectl get ns`');
    expect(markdownCode('echo `id`', escapeMarkdown)).toBe('echo \\`id\\`');
    expect(markdownCode('a\nb', escapeMarkdown)).toBe('`a b`');
  });
});

describe('safeLink', () => {
  it('takes only absolute http(s), with markdown-breaking characters encoded', () => {
    expect(safeLink('https://r.example/report (1).html')).toBe('https://r.example/report%20%281%29.html');
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink('not a url')).toBeUndefined();
  });
});
