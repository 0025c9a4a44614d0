import type { Command } from 'commander';
import { createProgram } from './main';
import { cli } from './internal/testCli';

/** Every command path of the program: ['env'], ['env', 'add'], … */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

const program = createProgram({
  io: { out: () => undefined, err: () => undefined, cwd: '.', color: false },
  exit: () => undefined,
});

describe('--help', () => {
  it.each(commandPaths(program).map((p) => [p.join(' '), p]))(
    'platter %s --help exits 0 with an example',
    async (_name, path) => {
      const r = await cli([...path, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: platter /);
      expect(r.out).toMatch(/\nExamples?:\n {2}\$ .*platter /);
    },
  );

  it('lists every request shortcut', async () => {
    const r = await cli(['--help']);
    for (const name of [
      'plan',
      'apply',
      'env',
      'tenant',
      'app',
      'addon',
      'component',
      'promote',
      'rollback',
      'config',
      'secret',
      'menu',
      'drift',
      'check',
      'adopt',
    ]) {
      expect(r.out).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
  });

  it('a subcommand --version is its own option, not the program version', async () => {
    const r = await cli(['app', 'add', 'x', '--version', '1.0.0', '--help']);
    expect(r.out).toContain('platter app add');
  });
});
