import type { Command } from 'commander';
import { UsageError } from '../exitCodes';
import type { CommandContext } from '../commands/context';
import { readStdin, readTextFile, splitAssignment } from './args';

/**
 * Where secret values come from: `KEY=VALUE` lines on standard input, or files
 * (`--from-file KEY=path`, `-` for standard input as one raw value). Never from
 * a flag value: flags end up in shell history and `ps` output. Error messages
 * name keys and line numbers only, never a value or a line's text.
 */

export const NEVER_FROM_FLAGS =
  'secret values are never taken from the command line (shell history, ps): pipe KEY=VALUE lines on stdin, or use --from-file KEY=path';

/** Flags that would carry a plaintext value, as people coming from kubectl, helm or vault type them. */
const PLAINTEXT_FLAG = /^--?(from-literal|literal|value|values|data|string-data|set|set-string|password|passwd|token|key|secret-value|plaintext)$/i;

/**
 * Refuses extra command-line words of a command that takes secrets: an unknown
 * option (`--value=…`, `--from-literal`, as people coming from kubectl type it)
 * or a `KEY=VALUE` operand. Commander would echo them in its error; this says
 * which flag or which operand position, never its text after `=`.
 */
export function refusePlaintextArgs(extra: readonly string[]): void {
  for (const [i, word] of extra.entries()) {
    if (word.startsWith('-')) {
      const flag = word.split('=')[0]!;
      if (PLAINTEXT_FLAG.test(flag)) throw new UsageError(`refusing ${flag}: ${NEVER_FROM_FLAGS}`);
      throw new UsageError(`unknown option ${flag} (see --help; ${NEVER_FROM_FLAGS})`);
    }
    if (word.includes('=')) throw new UsageError(`refusing argument ${i + 1} (it looks like KEY=VALUE): ${NEVER_FROM_FLAGS}`);
  }
}

/**
 * Makes a command that takes secrets parse unknown options and extra operands
 * as operands, so {@link operandsOf} refuses them without echoing them
 * (Commander's own error would print `--value=…` whole).
 */
export const takesSecrets = (cmd: Command): Command => cmd.allowUnknownOption().allowExcessArguments();

/** The operands of a {@link takesSecrets} command, after refusing secret-looking words. */
export function operandsOf(cmd: Command, max: number): string[] {
  refusePlaintextArgs(cmd.args);
  if (cmd.args.length > max) throw new UsageError(`too many arguments: expected at most ${max} (see --help)`);
  return [...cmd.args];
}

/** Parses `KEY=VALUE` lines: blank lines and `#` comments are skipped, values are taken as they are. */
export function parseSecretLines(text: string, where = 'stdin'): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const at = line.indexOf('=');
    // The line itself is not shown: it may be a value pasted without its key.
    if (at <= 0) throw new UsageError(`${where} line ${i + 1} is not KEY=VALUE (the line is not shown: it may hold a secret)`);
    const key = line.slice(0, at).trim();
    if (key in out) throw new UsageError(`${where}: key ${key} is given twice`);
    out[key] = line.slice(at + 1);
  }
  return out;
}

/**
 * Secret values for one Secret: each `--from-file KEY=path` (path `-`: all of
 * stdin as that key's value), else `KEY=VALUE` lines on stdin.
 */
export async function readSecretValues(ctx: CommandContext, fromFiles: readonly string[], what: string): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  let stdinUsed = false;
  for (const spec of fromFiles) {
    const [key, file] = splitAssignment(spec, '--from-file');
    if (key in values) throw new UsageError(`--from-file: key ${key} is given twice`);
    if (file === '-') {
      if (stdinUsed) throw new UsageError('--from-file: only one key can read standard input');
      stdinUsed = true;
      values[key] = await readStdin(ctx, `the value of ${key}`);
    } else {
      values[key] = readTextFile(ctx, file, `--from-file ${key}=`);
    }
  }
  if (fromFiles.length === 0) {
    Object.assign(values, parseSecretLines(await readStdin(ctx, `KEY=VALUE lines for ${what}`)));
  }
  if (Object.keys(values).length === 0) {
    throw new UsageError(`no values for ${what}: pipe KEY=VALUE lines on stdin, or use --from-file KEY=path`);
  }
  return values;
}
