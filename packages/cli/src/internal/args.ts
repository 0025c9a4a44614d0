import fs from 'node:fs';
import path from 'node:path';
import { known, PlatterError, type Fleet, type Target } from '@platter/model';
import { parseYamlValues, YamlSyntaxError } from '@platter/render';
import { UsageError } from '../exitCodes';
import type { CommandContext } from '../commands/context';

/**
 * Turns what a person types into request fields: repeatable flags, KEY=VALUE
 * pairs, chart references, values files. Shapes only: names, versions and
 * references are checked by the planner, which says what exists. Every problem
 * here is a UsageError (exit 2).
 */

/** Commander argument parser for a repeatable option: `--stage a --stage b` -> ['a', 'b']. */
export const repeatable = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `KEY=VALUE` -> [key, value], splitting at the first `=`. */
export function splitAssignment(
  text: string,
  what: string,
  options: { readonly hideText?: boolean } = {},
): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0)
    throw new UsageError(
      `${what}: expected KEY=VALUE, got ${options.hideText ? 'something else (not shown: it may be a secret)' : JSON.stringify(text)}`,
    );
  return [text.slice(0, at), text.slice(at + 1)];
}

/**
 * Sets an own key (never the prototype): `constructor` is a key like any other.
 * `__proto__` is refused: JavaScript objects and the request schemas cannot
 * carry it as data, so it would be dropped without a word.
 */
export function setOwn(record: Record<string, string>, key: string, value: string, what: string): void {
  if (key === '__proto__') throw new UsageError(`${what}: "__proto__" cannot be a key (choose another name)`);
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Several `KEY=VALUE` into a record; a key given twice is a usage error (which one was meant?). */
export function parseAssignments(items: readonly string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const [key, value] = splitAssignment(item, what);
    // Own keys only: `constructor` or `__proto__` are keys like any other, given once (issue 22 item 9).
    if (Object.hasOwn(out, key)) throw new UsageError(`${what}: ${key} is given twice`);
    setOwn(out, key, value, what);
  }
  return out;
}

/** Exactly one of `--stage`/`--env`, for requests about one stage or one env. */
export function stageOrEnv(opts: { stage?: string[] | string; env?: string[] | string }, command: string): Target {
  const stages = ([] as string[]).concat(opts.stage ?? []);
  const envs = ([] as string[]).concat(opts.env ?? []);
  if (stages.length + envs.length !== 1)
    throw new UsageError(`${command}: give exactly one of --stage <stage> or --env <env>`);
  return stages.length ? { stage: stages[0]! } : { env: envs[0]! };
}

/** `--stage a --env b` -> [{stage: a}, {env: b}], stages first. */
export function targetsOf(opts: { stage?: string[]; env?: string[] }): Target[] {
  return [...(opts.stage ?? []).map((stage) => ({ stage })), ...(opts.env ?? []).map((env) => ({ env }))];
}

/**
 * A Helm chart as a person writes it. With `repo`, `chart` is the chart name
 * (like `helm install --repo URL NAME`); without, `chart` is `<repository>/<name>`
 * (`oci://ghcr.io/org/charts/shop`), split at the last `/`.
 */
export function parseChartRef(chart: string, repo?: string): { repository: string; chart: string } {
  if (repo) {
    if (chart.includes('/')) throw new UsageError(`--chart ${chart}: with --repo, give the chart name only`);
    return { repository: repo.replace(/\/+$/, ''), chart };
  }
  const trimmed = chart.replace(/\/+$/, '');
  const at = trimmed.lastIndexOf('/');
  if (!/^(oci|https?):\/\//.test(trimmed) || at <= trimmed.indexOf('://') + 2) {
    throw new UsageError(
      `--chart ${JSON.stringify(chart)}: expected <repository>/<chart> (oci://ghcr.io/org/charts/shop), or --repo https://charts.example.com --chart shop`,
    );
  }
  return { repository: trimmed.slice(0, at), chart: trimmed.slice(at + 1) };
}

/** Reads a YAML (or JSON) file holding one mapping: Helm values, say. */
export function readMappingFile(ctx: CommandContext, file: string, what: string): Record<string, unknown> {
  const value = readYamlFile(ctx, file, what);
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError(`${what} ${file}: expected a mapping`);
  return value as Record<string, unknown>;
}

/** One YAML (or JSON: YAML is a superset) document of a file; undefined for an empty file. */
export function readYamlFile(ctx: CommandContext, file: string, what: string): unknown {
  return parseOneDocument(readTextFile(ctx, file, what), `${what} ${file}`);
}

export function parseOneDocument(text: string, where: string): unknown {
  let docs: unknown[];
  try {
    docs = parseYamlValues(text);
  } catch (e) {
    if (e instanceof YamlSyntaxError && e.code === 'YamlAliasLimit') throw new UsageError(`${where}: ${e.message}`);
    if (e instanceof YamlSyntaxError)
      throw new UsageError(`${where}: not valid YAML${e.line ? ` (line ${e.line})` : ''}: ${e.message}`);
    throw e;
  }
  if (docs.length > 1) throw new UsageError(`${where}: holds ${docs.length} documents, expected one`);
  return docs[0];
}

export function readTextFile(ctx: CommandContext, file: string, what: string): string {
  const abs = path.resolve(ctx.io.cwd, file);
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`,
    );
  }
}

/**
 * The YAML files (`*.yaml`, `*.yml`) under a directory, by path relative to it
 * with "/" separators, for `--manifests <dir>` and `--addon name=<dir>`. Other
 * files (a README, a LICENSE) and hidden ones are left out, as Kustomize ignores
 * files no kustomization lists. Symbolic links are not followed. Not a directory,
 * or none there: a usage error.
 */
export function readManifestDir(ctx: CommandContext, dir: string, what: string): Record<string, string> {
  const root = path.resolve(ctx.io.cwd, dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new UsageError(`${what} ${dir}: no such directory`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${what} ${dir}: not a directory`);
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name))
        files[child] = fs.readFileSync(path.join(root, child), 'utf8');
    }
  };
  walk('');
  return files;
}

/** Whether a command-line path names a directory (`--addon name=<dir>` vs `name=values.yaml`). */
export function isDirectory(ctx: CommandContext, file: string): boolean {
  try {
    return fs.statSync(path.resolve(ctx.io.cwd, file)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads standard input; a usage error when there is none to read. */
export async function readStdin(ctx: CommandContext, what: string): Promise<string> {
  if (!ctx.io.readStdin) throw new UsageError(`${what}: standard input is not available here`);
  if (ctx.io.stdinIsTTY) ctx.io.err(`reading ${what} from standard input (end with Ctrl-D)…\n`);
  return ctx.io.readStdin();
}

/**
 * A stage or env named on the command line (`promote --to prod`): `stage:<name>`
 * or `env:<name>` say which; a bare name is a stage if the fleet has that
 * stage, else an env if it has that env. Names nothing: UnknownStage naming both lists.
 */
export function resolveTarget(fleet: Fleet | undefined, text: string, flag: string): Target {
  const m = /^(stage|env):(.+)$/.exec(text);
  if (m) return m[1] === 'stage' ? { stage: m[2]! } : { env: m[2]! };
  if (!fleet || fleet.stages.some((s) => s.name === text)) return { stage: text };
  if (fleet.environments.some((e) => e.name === text)) return { env: text };
  throw new PlatterError(
    'UnknownStage',
    `"${text}" is neither a stage nor an environment (stages: ${known(fleet.stages.map((s) => s.name))}; environments: ${known(fleet.environments.map((e) => e.name))})`,
    flag,
  );
}
