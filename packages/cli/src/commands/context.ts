import fs from 'node:fs';
import path from 'node:path';
import { PlatterError } from '@platter/model';
import type { CliIO } from '../io';

/** What every command gets: where to write, and how to resolve the user's paths. */
export interface CommandContext {
  readonly io: CliIO;
  /** Sets the exit code of the run (the highest wins). */
  readonly exit: (code: number) => void;
}

export const resolveDir = (ctx: CommandContext, dir: string) => path.resolve(ctx.io.cwd, dir);

/**
 * The repository directory a command reads (`[dir]` or `-C <dir>`), as the user gave
 * it: NotADirectory naming it when it does not exist or is a file.
 */
export function requireDirectory(ctx: CommandContext, shown: string): string {
  const root = resolveDir(ctx, shown);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new PlatterError('NotADirectory', `${shown}: no such directory`, shown);
  }
  if (!stat.isDirectory())
    throw new PlatterError('NotADirectory', `${shown} is a file, not a repository directory`, shown);
  return root;
}
