/** The README's command-line section and docs/cli.md are generated from the command declarations and must not drift. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliDoc, helpText, readmeSection, README_END } from '../../shared/cli/reference';
import { COMMANDS } from '../../shared/cli/commands';
import { defineCommand } from '../../shared/cli/command-spec';
import { runCli } from '../support/cli';

const root = join(__dirname, '../..');

describe('command-line reference', () => {
  it('README.md holds the section generated from the declarations (run `npm run docs:cli` after changing a command)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readmeSection();
    expect(readme.slice(readme.indexOf('<!-- cli:start'), readme.indexOf(README_END) + README_END.length)).toBe(section);
  });

  it('docs/cli.md is the generated reference (run `npm run docs:cli` after changing a command)', () => {
    expect(readFileSync(join(root, 'docs/cli.md'), 'utf8')).toBe(cliDoc());
  });

  it('documents every command, with its options and exit codes, in both', () => {
    const doc = cliDoc();
    for (const c of COMMANDS) {
      expect(readmeSection()).toContain(`ack-drift ${c.name}`);
      expect(doc).toContain(`## ack-drift ${c.name}`);
      for (const o of c.options.filter((x) => !x.rejectWith)) expect(helpText(c.name)).toContain(o.flags);
      for (const [code, meaning] of c.exitCodes) expect(helpText(c.name)).toContain(`  ${code}  ${meaning}`);
    }
  });

  it('adding a command is one declaration: it is parsed, helped and documented like the others', async () => {
    let seen: unknown;
    const hello = defineCommand({
      name: 'hello',
      summary: 'say hello',
      options: [{ flags: '--name <NAME>', description: 'who to greet' }],
      exitCodes: [[0, 'greeted']],
      run: (input) => {
        seen = input.opts;
        return 0;
      },
    });
    expect(helpText('hello', [...COMMANDS, hello])).toMatch(/--name <NAME>\s+who to greet[\s\S]*Exit codes:\n {2}0 {2}greeted/);
    expect(readmeSection([...COMMANDS, hello])).toContain('| `hello` | `0` greeted |');
    const { buildProgram } = await import('../../shared/cli/program');
    let code = -1;
    const io = { stdout: () => undefined, stderr: () => undefined, env: {} } as never;
    await buildProgram([hello], io, (c) => (code = c)).parseAsync(['hello', '--name', 'x'], { from: 'user' });
    expect(code).toBe(0);
    expect(seen).toEqual({ name: 'x' });
  });

  it('every command answers --help and -h with its own usage and exit 0', async () => {
    for (const c of COMMANDS) {
      for (const flag of ['--help', '-h']) {
        const r = await runCli([c.name, flag]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Usage: ack-drift ${c.name} `));
        expect(r.stdout).toContain('Exit codes:');
      }
    }
  });
});
