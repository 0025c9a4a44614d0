import { layout, PlatterError, resolveRelative, type FileTree } from '@platter/model';
import { findKustomizationFile, targetSelects, type BuiltObject, type KustomizeWalker } from '../parse/kustomizeWalk';
import { ParseCache } from '../parse/parseCache';
import { parseYamlValues } from '../yaml';
import { buildEnvironment, maskSecret } from '../renderedDiff/buildEnvironment';
import { fieldChanges, formatPath } from '../renderedDiff/diffObjects';
import { applyFluxPatches } from '../renderedDiff/fluxPatches';
import { fluxWalker } from '../renderedDiff/fluxWalker';
import { applyImages, imagesOf } from '../renderedDiff/images';
import type { ObjectRef, RenderedObject } from '../renderedDiff/types';
import { YamlLines } from './yamlLines';

/** One link of the chain that puts an object into an env, with the file and line that says so. */
export interface ExplainStep {
  readonly step:
    | 'env'
    | 'stage'
    | 'kustomization'
    | 'component'
    | 'app'
    | 'tenant'
    | 'addon'
    | 'base'
    | 'patch'
    | 'namespace'
    | 'flux-patch'
    | 'target-namespace'
    | 'substitution';
  readonly title: string;
  readonly file: string;
  readonly line: number;
  /** The object's fields this step set or changed (patches, substitutions), in path order. */
  readonly fields?: readonly string[];
  /** With a field asked for: the value this step gave it (the base's value for `base`). */
  readonly value?: unknown;
}

export interface Explanation {
  readonly env: string;
  readonly object: ObjectRef;
  /** The Flux Kustomization that applies it (`flux-system/flux-system`: the env root). */
  readonly appliedBy: string;
  readonly steps: readonly ExplainStep[];
  /** The field asked for, with its value in what Flux applies. */
  readonly field?: { readonly path: string; readonly value: unknown };
  /** Changed fields no step accounts for (empty when the chain explains the object fully). */
  readonly gaps: readonly string[];
}

export interface ExplainOptions {
  /** A field path (`spec.values.controller.replicaCount`, `metadata.labels["app"]`): each step's value for it. */
  readonly field?: string;
  readonly cache?: ParseCache;
  /** Reuse a walker (fluxWalker) of this tree, e.g. to explain many objects. */
  readonly walker?: KustomizeWalker;
}

/**
 * Explains why an object is in an env (`platter explain`): the chain env -> stage
 * -> the Flux Kustomization that applies it -> the component version, app or
 * tenant it builds -> the base file that declares the object -> every patch,
 * addon, namespace and substitution that changed it, each with its file and line,
 * and with `field` the value each gave that field. Built from the same static
 * Flux-way build as the rendered diff, replayed level by level: each kustomization
 * on the way from the declaring file to the build root, then the Flux
 * Kustomization's patches, targetNamespace and postBuild substitution. Rejects
 * UnknownEnvironment and UnknownObject.
 */
export function explainObject(
  tree: FileTree,
  env: string,
  ref: { kind: string; namespace?: string; name: string },
  options: ExplainOptions = {},
): Explanation {
  const envKustomization = layout.envKustomization(env);
  if (tree.read(envKustomization) === undefined)
    throw new PlatterError('UnknownEnvironment', `env "${env}" not found (no ${envKustomization})`, envKustomization);
  const cache = options.cache ?? new ParseCache();
  const walker = options.walker ?? fluxWalker(tree, cache);
  const built = buildEnvironment(walker, env);
  const target = [...built.objects.values()].find(
    (o) =>
      o.kind.toLowerCase() === ref.kind.toLowerCase() &&
      o.name === ref.name &&
      (o.namespace ?? '') === (ref.namespace ?? ''),
  );
  if (!target) {
    const same = [...built.objects.values()]
      .filter((o) => o.kind.toLowerCase() === ref.kind.toLowerCase())
      .map((o) => `${o.namespace ?? ''}/${o.name}`);
    throw new PlatterError(
      'UnknownObject',
      `${ref.kind} ${ref.namespace ?? ''}/${ref.name} is not in what Flux applies in env "${env}" (known ${ref.kind} objects: ${same.sort().join(', ') || 'none'})`,
      envKustomization,
    );
  }
  const lines = new YamlLines((p) => tree.read(p));
  const yamlOf = (file: string) => {
    const text = tree.read(file);
    return text === undefined ? [] : (parseYamlValues(text) as any[]);
  };
  const steps: ExplainStep[] = [];
  const gaps: string[] = [];
  const field = options.field;
  const valueAt = (v: unknown) => (field === undefined ? undefined : getField(v, field));
  const mask = (v: Record<string, any>) => (target.kind === 'Secret' ? maskSecret(v) : v);

  // env -> stage
  steps.push({ step: 'env', title: `env ${env}`, file: envKustomization, line: 1 });
  const envK = yamlOf(envKustomization)[0] ?? {};
  (Array.isArray(envK.components) ? envK.components : []).forEach((c: unknown, i: number) => {
    const m = typeof c === 'string' ? /(?:^|\/)stages\/([^/]+)\/?$/.exec(c) : null;
    if (m)
      steps.push({
        step: 'stage',
        title: `stage ${m[1]}`,
        file: envKustomization,
        line: lines.line(envKustomization, { index: 0 }, ['components', i]),
      });
  });

  // -> the Flux Kustomization that applies it, and what it builds
  let root = layout.envDir(env);
  let extra: string[] = [];
  let ks: RenderedObject | undefined;
  if (target.appliedBy !== BOOTSTRAP) {
    const [ns, name] = target.appliedBy.split('/') as [string, string];
    ks = [...built.objects.values()].find(
      (o) =>
        o.kind === 'Kustomization' &&
        o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') &&
        o.name === name &&
        (o.namespace ?? 'flux-system') === ns,
    )!;
    const spec = (ks.value.spec ?? {}) as Record<string, any>;
    root = String(spec.path ?? '')
      .replace(/^\.\//, '')
      .replace(/\/$/, '');
    extra = (Array.isArray(spec.components) ? spec.components : []).filter(
      (c: unknown): c is string => typeof c === 'string',
    );
    steps.push({
      step: 'kustomization',
      title: `Flux Kustomization ${target.appliedBy} (path ./${root}${extra.length ? `, components ${extra.join(', ')}` : ''})`,
      file: ks.file,
      line: lines.line(ks.file, { kind: 'Kustomization', name }),
    });
    const p = root.split('/');
    if (p[0] === layout.runtimeDir && p[1] && p[2])
      steps.push({
        step: 'component',
        title: `component ${p[1]}@${p[2]}`,
        file: `${p.slice(0, 3).join('/')}/component.yaml`,
        line: 1,
      });
    else if (p[0] === 'apps' && p[1])
      steps.push({
        step: 'app',
        title: `app ${p[1]} (${p.slice(2).join('/') || 'base'})`,
        file: findKustomizationFile(tree, root) ?? root,
        line: 1,
      });
    else if (p[0] === 'tenants' && p[1])
      steps.push({
        step: 'tenant',
        title: `tenant ${p[1]} (${p.slice(2).join('/')})`,
        file: findKustomizationFile(tree, root) ?? root,
        line: 1,
      });
    // Addons: each component Flux appends; one the Kustomization's own file does not list came from an env override.
    const declared =
      yamlOf(ks.file).find((d) => d?.kind === 'Kustomization' && d?.metadata?.name === name)?.spec?.components ?? [];
    for (const c of extra) {
      const dir = resolveRelative(root, c) ?? c;
      const from = declared.includes(c) ? '' : ' (added by an override of the Kustomization in the env)';
      steps.push({
        step: 'addon',
        title: `addon ${dir.split('/').pop()}${from}`,
        file: findKustomizationFile(tree, dir) ?? dir,
        line: 1,
      });
    }
  }

  // -> the base file, then each kustomization level on the way to the build root
  // A file may declare the same kind and name in several namespaces (a ConfigMap per tenant namespace).
  const docs = yamlOf(target.file);
  const sameName = (d: any) => d?.kind === target.kind && String(d?.metadata?.name ?? '') === target.name;
  const exact = docs.findIndex((d) => sameName(d) && (d?.metadata?.namespace ?? undefined) === target.namespace);
  const rawIndex = exact >= 0 ? exact : Math.max(0, docs.findIndex(sameName));
  const raw = docs[rawIndex] ?? {};
  steps.push({
    step: 'base',
    title: `declared in ${target.file}`,
    file: target.file,
    line: lines.line(target.file, { index: rawIndex }),
    ...(field !== undefined ? { value: valueAt(mask(raw)) } : {}),
  });
  let previous: Record<string, any> = mask(raw);
  const chain = findChain(tree, cache, root, extra, target.file) ?? [root];
  for (const dir of chain) {
    const level = walker.build(dir, dir === root ? extra : []);
    const candidates = level.objects.filter(
      (o) => o.kind === target.kind && o.name === target.name && o.file === target.file,
    );
    const here =
      candidates.find((o) => o.namespace === target.namespace) ??
      candidates.find((o) => o.value.metadata?.namespace === raw.metadata?.namespace) ??
      candidates[0];
    if (!here) continue;
    const value = mask(dir === root ? applyImages(here.value, imagesOf(tree, cache, root)) : here.value);
    const changed = fieldChanges(previous, value).map((f) => f.path);
    if (changed.length) {
      gaps.push(
        ...account(changed, patchesAt(tree, cache, lines, dir, dir === root ? extra : [], here), steps, value, field),
      );
    }
    previous = value;
  }

  // -> what the Flux Kustomization does on top: patches, targetNamespace, substitution
  if (ks) {
    const spec = (ks.value.spec ?? {}) as Record<string, any>;
    const ksName = target.appliedBy.split('/')[1]!;
    (Array.isArray(spec.patches) ? spec.patches : []).forEach((p: unknown, i: number) => {
      const [after] = applyFluxPatches(
        [
          {
            kind: target.kind,
            name: target.name,
            ...(target.namespace ? { namespace: target.namespace } : {}),
            value: previous,
          },
        ],
        [p],
      );
      const changed = fieldChanges(previous, after!.value).map((f) => f.path);
      if (!changed.length) return;
      previous = after!.value as Record<string, any>;
      steps.push({
        step: 'flux-patch',
        title: `patch ${i + 1} of Flux Kustomization ${target.appliedBy}`,
        file: ks!.file,
        line: lines.line(ks!.file, { kind: 'Kustomization', name: ksName }, ['spec', 'patches', i]),
        fields: changed,
        ...(field !== undefined && touches(changed, field) ? { value: valueAt(previous) } : {}),
      });
    });
    if (typeof spec.targetNamespace === 'string' && previous.metadata?.namespace !== spec.targetNamespace) {
      previous = { ...previous, metadata: { ...previous.metadata, namespace: spec.targetNamespace } };
      steps.push({
        step: 'target-namespace',
        title: `targetNamespace ${spec.targetNamespace}`,
        file: ks.file,
        line: lines.line(ks.file, { kind: 'Kustomization', name: ksName }, ['spec', 'targetNamespace']),
        fields: ['metadata.namespace'],
      });
    }
    const changed = fieldChanges(previous, target.value).map((f) => f.path);
    if (changed.length)
      gaps.push(...substitutions(changed, previous, target, spec, built.objects, ks, ksName, lines, steps, field));
  } else {
    gaps.push(...fieldChanges(previous, target.value).map((f) => f.path));
  }
  return {
    env,
    object: {
      apiVersion: target.apiVersion,
      kind: target.kind,
      ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
      name: target.name,
    },
    appliedBy: target.appliedBy,
    steps,
    ...(field !== undefined ? { field: { path: field, value: getField(target.value, field) } } : {}),
    gaps,
  };
}

const BOOTSTRAP = 'flux-system/flux-system';

/** What an `images:` entry can change (kustomize's image transformer). */
const CONTAINER_FIELDS = [
  'spec.template.spec.containers',
  'spec.template.spec.initContainers',
  'spec.jobTemplate.spec.template.spec.containers',
  'spec.containers',
];

/** A patch (or `namespace:`) that can have changed the object at a level, with what it touches. */
interface Candidate {
  readonly step: 'patch' | 'addon' | 'namespace';
  readonly title: string;
  readonly file: string;
  readonly line: number;
  readonly touches: readonly string[];
}

/** Adds a step per candidate that accounts for some of `changed`; returns what none accounts for. */
function account(
  changed: readonly string[],
  candidates: readonly Candidate[],
  steps: ExplainStep[],
  value: unknown,
  field: string | undefined,
): string[] {
  const covered = new Set<string>();
  for (const c of candidates) {
    const fields = changed.filter((p) =>
      c.touches.some(
        (t) =>
          p === t || p.startsWith(`${t}.`) || p.startsWith(`${t}[`) || t.startsWith(`${p}.`) || t.startsWith(`${p}[`),
      ),
    );
    if (!fields.length) continue;
    fields.forEach((f) => covered.add(f));
    steps.push({
      step: c.step,
      title: c.title,
      file: c.file,
      line: c.line,
      fields,
      ...(field !== undefined && touches(fields, field) ? { value: getField(value, field) } : {}),
    });
  }
  return changed.filter((p) => !covered.has(p));
}

/** Whether a step's changed fields include the asked field (or one inside it, or one it is inside). */
const touches = (changed: readonly string[], field: string) =>
  changed.some(
    (p) =>
      p === field ||
      p.startsWith(`${field}.`) ||
      p.startsWith(`${field}[`) ||
      field.startsWith(`${p}.`) ||
      field.startsWith(`${p}[`),
  );

/**
 * The kustomization directories from the one that lists `file` up to `root`
 * (inner first), following resources and components (and the components Flux
 * appends at the root); undefined when the file is not reached.
 */
function findChain(
  tree: FileTree,
  cache: ParseCache,
  root: string,
  extra: readonly string[],
  file: string,
): string[] | undefined {
  const seen = new Set<string>();
  const visit = (dir: string, appended: readonly string[]): string[] | undefined => {
    if (seen.has(dir)) return undefined;
    seen.add(dir);
    const kFile = findKustomizationFile(tree, dir);
    if (!kFile) return tree.list(dir).includes(file) ? [dir] : undefined;
    const k = (cache.read(tree, kFile).values?.[0] ?? {}) as Record<string, any>;
    const entries = [
      ...(Array.isArray(k.resources) ? k.resources : []),
      ...(Array.isArray(k.components) ? k.components : []),
      ...appended,
    ];
    for (const e of entries) {
      if (typeof e !== 'string') continue;
      const target = resolveRelative(dir, e);
      if (target === undefined) continue;
      if (target === file) return [dir];
      if (tree.read(target) !== undefined) continue;
      const sub = visit(target, []);
      if (sub) return [...sub, dir];
    }
    return undefined;
  };
  return visit(root, extra);
}

/** Patch entries at a level that select the object: the kustomization's own and those of the components it includes. */
function patchesAt(
  tree: FileTree,
  cache: ParseCache,
  lines: YamlLines,
  dir: string,
  extra: readonly string[],
  o: BuiltObject,
): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const visit = (d: string, appended: readonly string[], viaComponent: boolean) => {
    if (seen.has(d)) return;
    seen.add(d);
    const kFile = findKustomizationFile(tree, d);
    if (!kFile) return;
    const k = (cache.read(tree, kFile).values?.[0] ?? {}) as Record<string, any>;
    if (Array.isArray(k.images) && k.images.length && !viaComponent) {
      out.push({
        step: 'patch',
        title: `images in ${kFile}`,
        file: kFile,
        line: lines.line(kFile, { index: 0 }, ['images']),
        touches: CONTAINER_FIELDS,
      });
    }
    if (typeof k.namespace === 'string')
      out.push({
        step: 'namespace',
        title: `namespace ${k.namespace} (${kFile})`,
        file: kFile,
        line: lines.line(kFile, { index: 0 }, ['namespace']),
        touches: ['metadata.namespace'],
      });
    const patches: [unknown, (string | number)[]][] = [
      ...(Array.isArray(k.patches) ? k.patches : []).map((p: unknown, i: number): [unknown, (string | number)[]] => [
        p,
        ['patches', i],
      ]),
      ...(Array.isArray(k.patchesStrategicMerge) ? k.patchesStrategicMerge : []).map(
        (p: unknown, i: number): [unknown, (string | number)[]] => [
          typeof p === 'string' && !p.includes('\n') ? { path: p } : { patch: p },
          ['patchesStrategicMerge', i],
        ],
      ),
      ...(Array.isArray(k.patchesJson6902) ? k.patchesJson6902 : []).map(
        (p: unknown, i: number): [unknown, (string | number)[]] => [p, ['patchesJson6902', i]],
      ),
    ];
    for (const [p, at] of patches) {
      if (!p || typeof p !== 'object') continue;
      const entry = p as Record<string, any>;
      const patchFile = typeof entry.path === 'string' ? resolveRelative(d, entry.path) : undefined;
      const text =
        patchFile !== undefined ? tree.read(patchFile) : typeof entry.patch === 'string' ? entry.patch : undefined;
      if (text === undefined) continue;
      let docs: unknown[];
      try {
        docs = parseYamlValues(text);
      } catch {
        continue;
      }
      const touched = patchTouches(docs, entry.target, o);
      if (!touched.length) continue;
      const addon = viaComponent ? d.split('/').pop()! : undefined;
      out.push({
        step: addon ? 'addon' : 'patch',
        title: `${addon ? `addon ${addon}: ` : ''}patch ${patchFile ?? `in ${kFile}`}`,
        file: patchFile ?? kFile,
        line: patchFile ? 1 : lines.line(kFile, { index: 0 }, at),
        touches: touched,
      });
    }
    for (const c of [...(Array.isArray(k.components) ? k.components : []), ...appended]) {
      const t = typeof c === 'string' ? resolveRelative(d, c) : undefined;
      if (t !== undefined) visit(t, [], true);
    }
  };
  visit(dir, extra, false);
  return out;
}

/** The field paths a patch sets on the object (none when its target does not select it). */
function patchTouches(docs: readonly unknown[], target: unknown, o: BuiltObject): string[] {
  const t = target && typeof target === 'object' ? (target as Record<string, unknown>) : undefined;
  const selects = (sel: Record<string, unknown>) => targetSelects(sel, o);
  if (Array.isArray(docs[0])) {
    if (!t || !selects(t)) return [];
    return (docs[0] as any[])
      .filter((op) => typeof op?.path === 'string' && op.op !== 'test')
      .map((op) => pointerPath(op.path));
  }
  const out: string[] = [];
  for (const doc of docs) {
    if (!doc || typeof doc !== 'object') continue;
    const d = doc as Record<string, any>;
    if (!selects(t ?? { kind: d.kind, name: d.metadata?.name })) continue;
    const { apiVersion: _a, kind: _k, ...rest } = d;
    if (rest.metadata) {
      const { name: _n, namespace: _ns, ...m } = rest.metadata;
      rest.metadata = m;
    }
    leafPaths(rest, [], out);
  }
  return out;
}

/** JSON pointer -> field path, up to the list a `-` or index points into (what the op changes). */
function pointerPath(pointer: string): string {
  const tokens = pointer
    .split('/')
    .slice(1)
    .map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~'));
  while (tokens.length && (tokens.at(-1) === '-' || /^\d+$/.test(tokens.at(-1)!))) tokens.pop();
  return formatPath(tokens.map((t) => (/^\d+$/.test(t) ? Number(t) : t)));
}

function leafPaths(value: unknown, at: (string | number)[], out: string[]): void {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) leafPaths(v, [...at, k], out);
  } else if (at.length) out.push(formatPath(at));
}

/** Each variable that changed the object, with where its value comes from (later substituteFrom entries win; inline substitute wins). */
function substitutions(
  changed: readonly string[],
  before: Record<string, any>,
  target: RenderedObject,
  spec: Record<string, any>,
  objects: ReadonlyMap<string, RenderedObject>,
  ks: RenderedObject,
  ksName: string,
  lines: YamlLines,
  steps: ExplainStep[],
  field: string | undefined,
): string[] {
  const ns = ks.namespace ?? 'flux-system';
  const byVar = new Map<string, string[]>();
  const gaps: string[] = [];
  for (const p of changed) {
    const raw = getField(before, p);
    const names = typeof raw === 'string' ? [...raw.matchAll(/\$\{([_a-zA-Z][_a-zA-Z0-9]*)/g)].map((m) => m[1]!) : [];
    if (!names.length) gaps.push(p);
    for (const n of names) byVar.set(n, [...(byVar.get(n) ?? []), p]);
  }
  const postBuild = (spec.postBuild ?? {}) as Record<string, any>;
  for (const [name, fields] of [...byVar].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let source: { title: string; file: string; line: number } | undefined;
    if (postBuild.substitute && Object.hasOwn(postBuild.substitute, name)) {
      source = {
        title: `inline substitute of ${target.appliedBy}`,
        file: ks.file,
        line: lines.line(ks.file, { kind: 'Kustomization', name: ksName }, ['spec', 'postBuild', 'substitute', name]),
      };
    } else {
      for (const ref of Array.isArray(postBuild.substituteFrom) ? postBuild.substituteFrom : []) {
        const o = [...objects.values()].find(
          (x) => x.kind === ref?.kind && x.name === ref?.name && (x.namespace ?? '') === ns,
        );
        const section = ['data', 'stringData'].find((s) =>
          Object.hasOwn(((o?.value as any)?.[s] ?? {}) as object, name),
        );
        if (o && section)
          source = {
            title: `${o.kind} ${ns}/${o.name}`,
            file: o.file,
            line: lines.line(o.file, { kind: o.kind, name: o.name }, [section, name]),
          };
      }
    }
    const value = source?.title.startsWith('Secret')
      ? '(secret)'
      : fields.length
        ? getField(target.value, fields[0]!)
        : undefined;
    steps.push({
      step: 'substitution',
      title: `\${${name}}${source ? ` from ${source.title}` : ' (undefined: Flux substitutes "")'}`,
      file: source?.file ?? ks.file,
      line: source?.line ?? lines.line(ks.file, { kind: 'Kustomization', name: ksName }, ['spec', 'postBuild']),
      fields,
      ...(field !== undefined && touches(fields, field) ? { value } : {}),
    });
  }
  return gaps;
}

/** The value at a field path (formatPath's syntax: `a.b[0]["c.d"]`); undefined when absent. */
export function getField(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const token of parseFieldPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[token];
  }
  return cur;
}

export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\.?([^.[\]]+)/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(`"${m[2]}"`) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}
