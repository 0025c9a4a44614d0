import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../exitCodes';
import type { CommandContext } from '../commands/context';
import { readStdin, setOwn, splitAssignment } from './args';

/**
 * Where secret values come from: `KEY=VALUE` lines on standard input, or files
 * (`--from-file KEY=path`, `-` for standard input as one raw value). Never from
 * a flag value: flags end up in shell history and `ps` output. Error messages
 * name keys and line numbers only, never a value or a line's text.
 */

export const NEVER_FROM_FLAGS =
  'secret values are never taken from the command line (shell history, ps): pipe KEY=VALUE lines on stdin, or use --from-file KEY=path';

/** Flags that would carry a plaintext value, as people coming from kubectl, helm or vault type them. */
const PLAINTEXT_FLAG =
  /^--?(from-literal|literal|value|values|data|string-data|set|set-string|password|passwd|token|key|secret-value|plaintext)$/i;

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
    if (word.includes('='))
      throw new UsageError(`refusing argument ${i + 1} (it looks like KEY=VALUE): ${NEVER_FROM_FLAGS}`);
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

/**
 * Secret keys (issue 22 item 3): a key is stored in plaintext (only values are
 * encrypted) and echoed in plans, so it must be a valid Secret data key
 * (`[-._a-zA-Z0-9]`, at most 253 characters) and must not look like a value:
 * a base64 blob or token pasted without `KEY=` splits at its first `=` (padding)
 * into a "key" that is the secret and a value of only `=` or nothing. Such lines
 * are refused; messages name the line or the flag, never the key or the value.
 */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const MAX_SECRET_KEY = 253;

/** Why a key cannot be a secret key (without showing it), or undefined. */
export function secretKeyProblem(key: string, value: string): string | undefined {
  if (/^=*$/.test(value))
    return 'has no value (a base64 value pasted without KEY= splits at its padding: the value would become the key, stored in plaintext)';
  if (!key || key.length > MAX_SECRET_KEY || !SECRET_KEY.test(key))
    return `has a key that is not a Secret key (letters, digits, "-", "_", ".", at most ${MAX_SECRET_KEY} characters)`;
  if (looksLikeToken(key))
    return 'has a key that looks like a value (a token or base64 blob), not a name: write KEY=VALUE';
  return undefined;
}

/**
 * A word (between `-`, `_`, `.`) of 16 or more mixed-case letters and digits, or
 * of 40 or more characters: what tokens (`ghp_…`) and base64 look like, not names.
 */
const looksLikeToken = (key: string): boolean =>
  key
    .split(/[-_.]/)
    .some((w) => (w.length >= 16 && /[a-z]/.test(w) && /[A-Z]/.test(w) && /[0-9]/.test(w)) || w.length >= 40);

/** Parses `KEY=VALUE` lines: blank lines and `#` comments are skipped, values are taken as they are. */
export function parseSecretLines(text: string, where = 'stdin'): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const at = line.indexOf('=');
    // The line itself is not shown: it may be a value pasted without its key.
    if (at <= 0)
      throw new UsageError(`${where} line ${i + 1} is not KEY=VALUE (the line is not shown: it may hold a secret)`);
    const key = line.slice(0, at).trim();
    const value = line.slice(at + 1);
    const problem = secretKeyProblem(key, value);
    if (problem)
      throw new UsageError(`${where} line ${i + 1} ${problem} (the line is not shown: it may hold a secret)`);
    if (Object.hasOwn(out, key)) throw new UsageError(`${where}: key ${key} is given twice`);
    setOwn(out, key, value, where);
  }
  return out;
}

/**
 * `KEY=path` of a secret flag (`--from-file`, `--secret-file`): the key is
 * checked like a line's, and neither the path nor the key is echoed when they
 * are wrong (a value typed where the path goes would be printed back).
 */
export function splitSecretFileSpec(spec: string, flag: string): [string, string] {
  const [key, file] = splitAssignment(spec, flag, { hideText: true });
  if (!key || key.length > MAX_SECRET_KEY || !SECRET_KEY.test(key) || looksLikeToken(key)) {
    throw new UsageError(
      `${flag}: the key is not a Secret key name (letters, digits, "-", "_", "."; not shown: it may be a secret)`,
    );
  }
  return [key, file];
}

/** Reads a secret value's file; errors name the flag and key, never the path (it may be a value typed in its place). */
export function readSecretFile(ctx: CommandContext, file: string, what: string): string {
  try {
    return fs.readFileSync(path.resolve(ctx.io.cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'error'})`;
    throw new UsageError(`${what}: the file ${why} (its path is not shown: it may be a value typed in its place)`);
  }
}

/**
 * Secret values for one Secret: each `--from-file KEY=path` (path `-`: all of
 * stdin as that key's value), else `KEY=VALUE` lines on stdin.
 */
export async function readSecretValues(
  ctx: CommandContext,
  fromFiles: readonly string[],
  what: string,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  let stdinUsed = false;
  for (const spec of fromFiles) {
    const [key, file] = splitSecretFileSpec(spec, '--from-file');
    if (Object.hasOwn(values, key)) throw new UsageError(`--from-file: key ${key} is given twice`);
    if (file === '-') {
      if (stdinUsed) throw new UsageError('--from-file: only one key can read standard input');
      stdinUsed = true;
      setOwn(values, key, await readStdin(ctx, `the value of ${key}`), '--from-file');
    } else {
      setOwn(values, key, readSecretFile(ctx, file, `--from-file ${key}=`), '--from-file');
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
