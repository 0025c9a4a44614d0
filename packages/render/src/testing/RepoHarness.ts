import {
  MemoryFileTree,
  normalizeFleet,
  parseRequest,
  stripOrigins,
  type Actor,
  type Diagnostic,
  type FileTree,
  type Fleet,
} from '@platter/model';
import { plan, type Plan } from '../plan';
import { emptyRepository, exampleRepository } from '../example';
import { parseRepository } from '../parse';
import { render } from '../render';
import { validateRepository } from '../validate';
import { parseYamlValues, toYaml } from '../yaml';

/** The date rule tests run at (sunset checks compare against it). */
export const TEST_NOW = new Date('2026-11-27T12:00:00Z');

/**
 * A repository in memory for tests: start from the example (or empty) fleet,
 * damage or edit files, then validate, parse, render and assert on codes and paths.
 */
export class RepoHarness {
  constructor(readonly tree: MemoryFileTree) {}

  static example(): RepoHarness {
    return new RepoHarness(exampleRepository());
  }

  static empty(): RepoHarness {
    return new RepoHarness(emptyRepository());
  }

  static of(files: Record<string, string>): RepoHarness {
    return new RepoHarness(new MemoryFileTree(files));
  }

  read(path: string): string {
    const text = this.tree.read(path);
    if (text === undefined) throw new Error(`test setup: ${path} does not exist`);
    return text;
  }

  write(path: string, content: string): this {
    this.tree.write(path, content);
    return this;
  }

  /** Writes YAML documents built from values. */
  writeYaml(path: string, ...values: unknown[]): this {
    return this.write(path, toYaml(...values));
  }

  /** Edits the first document of a YAML file as data. */
  editYaml(path: string, edit: (doc: any) => void, index = 0): this {
    const docs = parseYamlValues(this.read(path)) as any[];
    edit(docs[index]);
    return this.write(path, toYaml(...docs));
  }

  edit(path: string, edit: (text: string) => string): this {
    return this.write(path, edit(this.read(path)));
  }

  delete(pathOrDir: string): this {
    const paths = this.tree.read(pathOrDir) !== undefined ? [pathOrDir] : this.tree.list(pathOrDir);
    if (!paths.length) throw new Error(`test setup: nothing at ${pathOrDir}`);
    for (const p of paths) this.tree.delete(p);
    return this;
  }

  validate(now = TEST_NOW): Diagnostic[] {
    return validateRepository(this.tree, { now }).diagnostics;
  }

  /** `[code, path]` of every error (warnings left out), for compact assertions. */
  errors(now = TEST_NOW): [string, string | undefined][] {
    return this.validate(now)
      .filter((d) => d.severity === 'error')
      .map((d) => [d.code, d.path]);
  }

  /** Parses (the test's edge) and plans a request on the current files (platform actor unless given). */
  plan(request: unknown, actor?: Actor): Plan {
    return plan(this.tree, parseRequest(request), { now: TEST_NOW, ...(actor ? { actor } : {}) });
  }

  /** Plans and applies a request; returns the plan. */
  apply(request: unknown, actor?: Actor): Plan {
    const p = this.plan(request, actor);
    this.tree.apply(p.changes);
    return p;
  }

  /** Paths a plan changes, with their operation: `['modify stages/prod/...']`. */
  static changed(p: Plan): string[] {
    return p.changes.map((c) => `${c.op} ${c.path}`);
  }

  model(): Fleet {
    const { model, diagnostics } = parseRepository(this.tree);
    if (!model) throw new Error(`test setup: repository does not parse: ${JSON.stringify(diagnostics)}`);
    return model;
  }
}

/** Renders a model onto a tree and parses it back. */
export function roundTrip(fleet: Fleet, previous: FileTree = new MemoryFileTree()): Fleet {
  const { model } = parseRepository(render(fleet, previous));
  if (!model) throw new Error('rendered repository does not parse');
  return model;
}

/** Comparable form of a model: canonical order, no parse locations or facts. */
export const comparable = (fleet: Fleet): unknown => stripOrigins(normalizeFleet(fleet));
