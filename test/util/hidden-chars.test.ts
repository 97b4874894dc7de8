/** One treatment of hidden characters: controls, bidi overrides and invisible spaces are shown, ZWJ sequences stay. */
import { oneLine, showHidden } from '../../shared/util/hidden-chars';

const FAMILY = '👨‍👩‍👧‍👦';

describe('showHidden', () => {
  it('shows controls, bidi overrides and invisible characters as code points; tab, line feed and ZWJ stay', () => {
    expect(showHidden('evil\u202Etxt.exe')).toBe('evil‹U+202E›txt.exe');
    expect(showHidden('\u001b[31mred\u001b[0m')).toBe('‹U+001B›[31mred‹U+001B›[0m');
    expect(showHidden('over\rwrite')).toBe('over‹U+000D›write');
    expect(showHidden('a\u200Bb\u2028c\uFEFF\u0085')).toBe('a‹U+200B›b‹U+2028›c‹U+FEFF›‹U+0085›');
    expect(showHidden('a\tb\nc')).toBe('a\tb\nc');
    expect(showHidden(FAMILY)).toBe(FAMILY);
  });
});

describe('oneLine', () => {
  it('folds each run of line breaks and tabs into one space, then shows hidden characters', () => {
    expect(oneLine('a\u200Bb\nc')).toBe('a‹U+200B›b c');
    expect(oneLine('a\r\n\tb  c')).toBe('a b  c');
    expect(oneLine(FAMILY)).toBe(FAMILY);
  });
});
