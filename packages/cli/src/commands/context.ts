import path from 'node:path';
import type { CliIO } from '../io';

/** What every command gets: where to write, and how to resolve the user's paths. */
export interface CommandContext {
  readonly io: CliIO;
  /** Sets the exit code of the run (the highest wins). */
  readonly exit: (code: number) => void;
}

export const resolveDir = (ctx: CommandContext, dir: string) => path.resolve(ctx.io.cwd, dir);
