/** Text wrapped to a terminal's width: at spaces, with a hanging indent, by the columns a terminal draws. */
import { renderText } from '../../shared/report/text';
import { displayWidth, wrapLine } from '../../shared/report/wrap';
import { goldenReport } from './golden-files';

describe('displayWidth', () => {
  it('counts colour codes as nothing, wide characters as two, combining marks as nothing', () => {
    expect(displayWidth('\u001b[31mCRITICAL\u001b[0m')).toBe(8);
    expect(displayWidth('命名空间')).toBe(8);
    expect(displayWidth('e\u0301')).toBe(1);
  });
});

describe('wrapLine', () => {
  it('breaks at spaces within the width, later rows under the hang', () => {
    expect(wrapLine('  alpha beta gamma delta epsilon zeta eta theta', 30, 4)).toBe('  alpha beta gamma delta\n    epsilon zeta eta theta');
  });

  it('keeps a word longer than a row whole, on a row of its own', () => {
    const arn = `acs:vpc:cn-hangzhou:1837462005813702:routetable/${'x'.repeat(40)}`;
    expect(wrapLine(`resource ${arn} denied`, 40, 2).split('\n')).toEqual(['resource', `  ${arn}`, '  denied']);
  });

  it('leaves a line that fits, and any line on a terminal too narrow to indent', () => {
    expect(wrapLine('short line', 80, 2)).toBe('short line');
    expect(wrapLine('a b c d e f g h i j k l m n o p', 12, 2)).toBe('a b c d e f g h i j k l m n o p');
  });

  it('measures wide characters as two columns', () => {
    expect(wrapLine('命名空间 命名空间 命名空间 命名空间', 30, 0).split('\n').map(displayWidth)).toEqual([26, 8]);
  });
});

describe('renderText with a width', () => {
  const seed = goldenReport('seed-incident');
  const plain = renderText(seed, { colour: false });
  const commands = plain.split('\n').filter((l) => /^\s+(\$ |last resort)/.test(l));

  it.each([[60], [80], [120]])('at %i columns no row is wider, except a command (kept whole to copy) or one long word', (width) => {
    const wrapped = renderText(seed, { colour: true, width });
    for (const row of wrapped.split('\n')) {
      if (displayWidth(row) <= width) continue;
      const plainRow = row.replace(/\u001b\[[0-9;]*m/g, '');
      expect(commands.includes(plainRow) || !/\S\s+\S/.test(plainRow.trim())).toBe(true);
    }
  });

  it('loses and adds no word, and keeps every command on one line', () => {
    const wrapped = renderText(seed, { colour: false, width: 60 });
    expect(wrapped).not.toBe(plain);
    expect(wrapped.split(/\s+/)).toEqual(plain.split(/\s+/));
    for (const command of commands) expect(wrapped.split('\n')).toContain(command);
  });

  it('hangs a finding message under its column', () => {
    const wrapped = renderText(seed, { colour: false, width: 60 }).split('\n');
    const at = wrapped.findIndex((l) => l.startsWith('           No route for cn-hangzhou.192.168.10.22'));
    expect(wrapped[at + 1]).toMatch(/^ {11}\S/);
  });
});
