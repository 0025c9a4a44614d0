import type { Command } from 'commander';
import { REQUEST_KIND_SPECS } from '@platter/model';
import { createProgram } from '../main';

/** Every request kind's CLI command (RequestKindSpec.command, in the kind's module) is a command of the program. */
const program = createProgram({
  io: { out: () => undefined, err: () => undefined, cwd: '.', color: false },
  exit: () => undefined,
});

const find = (cmd: Command, path: readonly string[]): Command | undefined =>
  path.length === 0
    ? cmd
    : ((c) => (c ? find(c, path.slice(1)) : undefined))(cmd.commands.find((c) => c.name() === path[0]));

describe('request kinds on the command line', () => {
  it.each(REQUEST_KIND_SPECS.map((s) => [s.kind, s.command] as const))('%s: platter %s', (_kind, command) => {
    const found = find(program, command.split(' '));
    expect(found).toBeDefined();
    expect(found!.commands).toEqual([]); // a command that runs, not a group
  });
});
