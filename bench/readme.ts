/** `npm run bench -- --readme`: the README's performance table, rewritten between its markers from one run. */
import { type Conditions, quiet, quietLoad, readmeTable, type Result } from './figures';

export const BEGIN = '<!-- bench:begin (written by `npm run bench -- --readme`) -->';
export const END = '<!-- bench:end -->';

/** The block between the markers: when and where it was measured, then the table. */
export function readmeBlock(results: readonly Result[], c: Conditions, at: Date): string {
  const when = at
    .toISOString()
    .replace(/:\d\d\.\d{3}Z$/, ' UTC')
    .replace('T', ' ');
  return [
    `Measured by \`npm run bench -- --readme\` on ${when}: ${c.cores} cores, Node.js ${c.node}, load average (1 min) ${c.loadBefore} before and ${c.loadAfter} after the run.`,
    '',
    readmeTable(results),
  ].join('\n');
}

/**
 * The README with the block replaced. Refuses (throws) when the markers are missing, and when the machine was busy
 * unless `force`: numbers measured under load would stand in the README for what the code costs.
 */
export function rewriteReadme(readme: string, results: readonly Result[], c: Conditions, at: Date, force: boolean): string {
  if (!quiet(c) && !force) {
    throw new Error(`the load average was ${c.loadBefore} before the run (above ${quietLoad(c.cores)} on ${c.cores} cores): README.md not rewritten; run again on a quiet machine, or add --force`);
  }
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${BEGIN} … ${END} block to rewrite`);
  return `${readme.slice(0, begin + BEGIN.length)}\n${readmeBlock(results, c, at)}\n${readme.slice(end)}`;
}
