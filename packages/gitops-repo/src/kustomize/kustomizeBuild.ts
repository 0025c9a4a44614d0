import { execFile } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
import { PlatterError } from '@platter/model';

/** Options of {@link kustomizeBuild}. */
export interface KustomizeBuildOptions {
  /**
   * The kubectl binary.
   * @default 'kubectl' (from PATH)
   */
  readonly kubectl?: string;
  /**
   * The repository root: error paths are made relative to it.
   * @default none (paths stay as given)
   */
  readonly repoRoot?: string;
  /**
   * Kill the build after this long.
   * @default 120000
   */
  readonly timeoutMs?: number;
}

export const DEFAULT_KUSTOMIZE_TIMEOUT_MS = 120_000;
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;
const MAX_MESSAGE_CHARS = 600;

/**
 * Runs `kubectl kustomize <dir>` (execFile, no shell) and returns the YAML it prints.
 * A failed build throws PlatterError('KustomizeBuildFailed') whose message is the
 * first error kustomize reports, with the directory, and whose path is the directory
 * relative to `repoRoot`. A missing kubectl (or any other failure to run it) throws a
 * plain Error: that is the machine's problem, not the repository's.
 */
export function kustomizeBuild(dir: string, options: KustomizeBuildOptions = {}): Promise<string> {
  const kubectl = options.kubectl ?? 'kubectl';
  const root = options.repoRoot ? resolve(options.repoRoot) : undefined;
  const display = root ? repoRelative(root, resolve(dir)) : dir;
  return new Promise((resolvePromise, reject) => {
    execFile(
      kubectl,
      ['kustomize', dir],
      {
        maxBuffer: MAX_OUTPUT_BYTES,
        timeout: options.timeoutMs ?? DEFAULT_KUSTOMIZE_TIMEOUT_MS,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolvePromise(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code === 'string') {
          // ENOENT, EACCES, ERR_CHILD_PROCESS_STDIO_MAXBUFFER: kubectl could not run or answer.
          return reject(new Error(`cannot run ${kubectl} kustomize ${display}: ${error.message}`, { cause: error }));
        }
        if (error.killed) {
          return reject(
            new PlatterError('KustomizeBuildFailed', `kubectl kustomize ${display} timed out`, display, {
              cause: error,
            }),
          );
        }
        const reason = summarizeKustomizeError(stderr, root ? [root] : []);
        reject(new PlatterError('KustomizeBuildFailed', `kubectl kustomize ${display} failed: ${reason}`, display));
      },
    );
  });
}

/**
 * The first error of `kubectl kustomize`'s stderr, readable: kubectl logs it through
 * klog as `E1127 ... run.go:72] "command failed" err="<Go-quoted message>"` (older
 * versions print `error: <message>`). Absolute paths under `roots` become
 * repository-relative. Long messages are cut.
 */
export function summarizeKustomizeError(stderr: string, roots: readonly string[] = []): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  let message: string | undefined;
  for (const line of lines) {
    const klog = /\berr="((?:[^"\\]|\\.)*)"/.exec(line);
    if (klog) {
      message = unquoteGo(klog[1]!);
      break;
    }
    if (line.startsWith('error: ')) {
      message = line.slice('error: '.length);
      break;
    }
  }
  message ??= lines.find((l) => l && !l.startsWith('#') && !/^warning/i.test(l)) ?? 'no error output';
  for (const root of [...roots].sort((a, b) => b.length - a.length)) {
    message = message.split(`${root}${sep}`).join('').split(root).join('.');
  }
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}...` : message;
}

/** Undoes Go's %q quoting for the escapes klog emits (\" \\ \n \t \uXXXX). */
function unquoteGo(s: string): string {
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s.replace(/\\(["\\])/g, '$1');
  }
}

/** POSIX path of `path` relative to `root` ('.' for the root itself). */
export function repoRelative(root: string, path: string): string {
  const rel = relative(root, path);
  return rel ? rel.split(sep).join('/') : '.';
}
