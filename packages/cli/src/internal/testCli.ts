import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fluxFixtureDir } from '@platter/render/testing';
import { runCli } from '../main';
import type { CliIO } from '../io';

/**
 * Test helpers (not exported): run the CLI in-process with a captured CliIO,
 * write the example fleet to a temp dir with `platter init`, and compare the
 * files of a directory before and after a command.
 */

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** stdout parsed as JSON. */
  json<T = any>(): T;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Standard input; undefined: none available. */
  readonly stdin?: string;
  readonly color?: boolean;
}

export async function cli(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    cwd: options.cwd ?? os.tmpdir(),
    color: options.color ?? false,
    ...(options.stdin !== undefined ? { readStdin: async () => options.stdin!, stdinIsTTY: false } : {}),
  };
  const code = await runCli(argv, io);
  return { code, out, err, json: () => JSON.parse(out) };
}

const made: string[] = [];

/** A new empty temp dir, removed by {@link removeTempDirs}. */
export function tempDir(prefix = 'platter-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * A copy of one of @platter/render's Flux-repository fixtures (testing/fixtures/check: the
 * layouts of flux2-kustomize-helm-example and of the talk's flux-structure-example) in a
 * temp dir, so a test can run check/adopt on it, write to it or damage it.
 */
export function copyFluxFixture(name: string, prefix = 'platter-flux-'): string {
  const dir = tempDir(prefix);
  fs.cpSync(fluxFixtureDir(name), dir, { recursive: true });
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The example fleet written by `platter init` into a fresh temp dir; returns the repository dir. */
export async function exampleFleet(): Promise<string> {
  const dir = path.join(tempDir(), 'fleet');
  const r = await cli(['init', dir]);
  if (r.code !== 0) throw new Error(`platter init failed: ${r.err}`);
  return dir;
}

/** Every file under `dir` (but .git), by repository path. */
export function readFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else files.set(p, fs.readFileSync(path.join(dir, p), 'utf8'));
    }
  };
  walk('');
  return files;
}

/** What changed between two snapshots, as `op path` lines in path order (the shape of a plan's changes). */
export function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: string[] = [];
  for (const p of paths) {
    const a = before.get(p);
    const b = after.get(p);
    if (a === b) continue;
    out.push(`${a === undefined ? 'add' : b === undefined ? 'delete' : 'modify'} ${p}`);
  }
  return out;
}

/** The demo age recipient of the example fleet (platter.yaml): what `env add` needs to encrypt to. */
export const DEMO_RECIPIENT = 'age1cxa2w2s5n7fhjcu9mlk4cejm5c27nwpuxd9pzmvddc3c4rvz54dspl4k6t';
