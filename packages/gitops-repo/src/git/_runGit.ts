import { execFile } from 'node:child_process';
import { PlatterError } from '@platter/model';
import { redactText } from './_redact';

/**
 * Runs the `git` CLI (execFile, never a shell) for the git adapters; never
 * re-exported. Every call gets a clean environment: variables that point git at
 * another repository (set when Platter itself runs inside a git hook) are
 * dropped, prompts are off (a missing credential fails instead of hanging), and
 * messages are in English. A non-zero exit throws PlatterError('GitFailed')
 * whose message is the subcommand plus a short, redacted summary of stderr.
 */

/** Kill a git command after this long (a clone of a large fleet over a slow link fits). */
export const GIT_COMMAND_TIMEOUT_MS = 300_000;
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const MAX_SUMMARY_CHARS = 600;

/** Variables that would make git work on some other repository than `cwd`'s. */
const REPO_LOCATING_VARS = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
];

/** What a git command needs to reach a private remote: its credentials (gitHttpAuthEnv), and what to mask. */
export interface GitAccess {
  /** Extra environment (identities, dates, a remote's credentials header). */
  readonly env?: Readonly<Record<string, string>>;
  /** Literal secrets to mask in error messages, besides URL user info. */
  readonly secrets?: readonly string[];
}

export interface GitRunOptions extends GitAccess {
  /** Repository (or parent directory, for clone) to run in. */
  readonly cwd: string;
  /** Written to git's stdin. */
  readonly input?: string;
  /** `-c key=value` settings put before the subcommand. */
  readonly config?: readonly string[];
  /** Exit codes that are answers, not failures (`diff --quiet` exits 1 when different). */
  readonly okCodes?: readonly number[];
}

export interface GitOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Runs `git <args>`; throws GitFailed on a non-zero exit (other than `okCodes`). */
export function runGit(args: readonly string[], options: GitRunOptions): Promise<GitOutput> {
  return execGit(args, options, 'utf8');
}

/** {@link runGit} for output that is bytes (`cat-file --batch`: sizes count bytes, contents need not be UTF-8). */
export async function runGitBytes(args: readonly string[], options: GitRunOptions): Promise<Buffer> {
  return (await execGit(args, options, 'buffer')).stdout;
}

function execGit(args: readonly string[], options: GitRunOptions, encoding: 'utf8'): Promise<GitOutput>;
function execGit(
  args: readonly string[],
  options: GitRunOptions,
  encoding: 'buffer',
): Promise<{ stdout: Buffer; stderr: string; code: number }>;
function execGit(
  args: readonly string[],
  options: GitRunOptions,
  encoding: 'utf8' | 'buffer',
): Promise<{ stdout: string | Buffer; stderr: string; code: number }> {
  const config = (options.config ?? []).flatMap((c) => ['-c', c]);
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...config, ...args],
      {
        cwd: options.cwd,
        env: gitEnv(options.env),
        encoding,
        maxBuffer: MAX_OUTPUT_BYTES,
        timeout: GIT_COMMAND_TIMEOUT_MS,
        windowsHide: true,
      },
      (error, stdout: string | Buffer, stderrRaw: string | Buffer) => {
        const stderr = stderrRaw.toString();
        if (!error) return resolve({ stdout, stderr, code: 0 });
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code === 'number' && options.okCodes?.includes(code)) return resolve({ stdout, stderr, code });
        const what = `git ${subcommand(args)}`;
        if (typeof code === 'string') {
          // ENOENT (no git on PATH), EACCES, ERR_CHILD_PROCESS_STDIO_MAXBUFFER: git could not run or answer.
          return reject(
            new PlatterError('GitFailed', `${what}: could not run git (${code})`, undefined, {
              cause: redactError(error, options.secrets),
            }),
          );
        }
        const why = error.killed ? `timed out after ${GIT_COMMAND_TIMEOUT_MS / 1000}s` : `exit ${code ?? error.signal}`;
        const summary = summarizeGitError(`${stderr}\n${porcelainRejections(stdout.toString())}`, options.secrets);
        reject(new PlatterError('GitFailed', `${what} failed (${why})${summary ? `: ${summary}` : ''}`));
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** The environment git runs with: the process's, minus repository pointers, without prompts. */
function gitEnv(extra?: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of REPO_LOCATING_VARS) delete env[k];
  env.GIT_TERMINAL_PROMPT = '0';
  env.GCM_INTERACTIVE = 'never';
  env.LC_ALL = 'C';
  env.LANGUAGE = 'C';
  return { ...env, ...extra };
}

/** The subcommand a message names (`clone`, `push`...), without its arguments (which may hold a URL). */
function subcommand(args: readonly string[]): string {
  return args.find((a) => !a.startsWith('-')) ?? 'git';
}

/** `!` lines of `push --porcelain` output (rejected refs and why). */
function porcelainRejections(stdout: string): string {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => l.split('\t').slice(1).join(' '))
    .join('\n');
}

/**
 * What a failed git command said, in a few lines: errors, fatals and remote
 * messages first, hints and progress dropped, credentials masked.
 */
export function summarizeGitError(stderr: string, secrets: readonly string[] = []): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(
      (l) =>
        l &&
        !l.startsWith('hint:') &&
        !/^(Cloning into|To |From |Enumerating|Counting|Compressing|Writing|Total|remote: (Enumerating|Counting|Compressing|Total))/.test(
          l,
        ),
    );
  const important = lines.filter((l) => /^(fatal|error|remote|!|\[)/.test(l) || l.includes('rejected'));
  const text = (important.length ? important : lines).slice(0, 6).join('; ');
  const redacted = redactText(text, secrets);
  return redacted.length > MAX_SUMMARY_CHARS ? `${redacted.slice(0, MAX_SUMMARY_CHARS)}…` : redacted;
}

/** An execFile error whose message (the command line, with the URL) is redacted. */
function redactError(error: Error, secrets?: readonly string[]): Error {
  const clean = new Error(redactText(error.message, secrets));
  clean.name = error.name;
  return clean;
}
