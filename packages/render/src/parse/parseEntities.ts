import {
  byteOrder,
  componentFileSchema,
  diagnostic,
  ENCRYPTED_SUFFIX,
  layout,
  objectNames,
  parseWithSchema,
  resolveRelative,
  settingsFileSchema,
  type AddonOverride,
  type App,
  type AppSource,
  type ComponentVersion,
  type Deployment,
  type Diagnostic,
  type EnvSecret,
  type Environment,
  type FileTree,
  type ResourceRef,
  type RuntimeService,
  type Settings,
  type SettingsFile,
  type Stage,
  type StageComponent,
  type Tenant,
  type VersionOverride,
} from '@platter/model';
import { digestOfTree } from '../render/renderMenu';
import { ANNOTATIONS } from '../render/objects';
import { readOverridePatch } from '../render/overridePatch';
import { parseYamlValues } from '../yaml';
import type { KustomizeWalker } from './kustomizeWalk';
import type { ParseCache } from './parseCache';
import { hasPlaintextValues, secretFacts } from './sops';

/**
 * Parsers for each entity of the layout (DESIGN §2). Each reads only the files
 * of its entity, so a request can load just the stages and envs it touches. They
 * never throw on bad content: they report a diagnostic and return what they could
 * read (or undefined when nothing useful remains).
 */
export interface ParseSink {
  readonly tree: FileTree;
  readonly diagnostics: Diagnostic[];
  readonly walker: KustomizeWalker;
  readonly cache: ParseCache;
}

type Obj = Record<string, any>;

function readFirst(sink: ParseSink, path: string, optional = false): Obj | undefined {
  const r = sink.cache.read(sink.tree, path);
  if (r.diagnostic) {
    if (!(optional && r.diagnostic.code === 'MissingFile')) sink.diagnostics.push(r.diagnostic);
    return undefined;
  }
  const v = r.values?.[0];
  return v && typeof v === 'object' ? (v as Obj) : undefined;
}

function readAll(sink: ParseSink, path: string, optional = false): Obj[] {
  const r = sink.cache.read(sink.tree, path);
  if (r.diagnostic) {
    if (!(optional && r.diagnostic.code === 'MissingFile')) sink.diagnostics.push(r.diagnostic);
    return [];
  }
  return (r.values ?? []).filter((v): v is Obj => !!v && typeof v === 'object');
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const stringRecord = (v: unknown): Record<string, string> => {
  if (!v || typeof v !== 'object') return {};
  return Object.fromEntries(
    Object.entries(v as Obj).map(([k, x]) => [k, x instanceof Date ? x.toISOString() : String(x)]),
  );
};
const without = (r: Record<string, string>, key: string, value: string) => {
  const { [key]: v, ...rest } = r;
  return v === undefined || v === value ? rest : r;
};

// ---------------------------------------------------------------- platter.yaml

export interface ParsedSettings {
  readonly settings: Settings;
  readonly file: SettingsFile;
}

export function parseSettings(sink: ParseSink): ParsedSettings | undefined {
  const before = sink.diagnostics.length;
  const raw = readFirst(sink, layout.settings);
  if (!raw) {
    // One typed finding whatever the command (issue 13): missing, not YAML, or empty / not a mapping.
    sink.diagnostics.splice(before);
    const text = sink.tree.read(layout.settings);
    if (text === undefined) {
      sink.diagnostics.push(
        diagnostic(
          'MissingFile',
          'platter.yaml not found: this is not a Platter repository (run `platter init`, or `platter check` for any Flux repository)',
          layout.settings,
        ),
      );
    } else {
      const parsed = sink.cache.read(sink.tree, layout.settings);
      const why = parsed.diagnostic
        ? parsed.diagnostic.message
        : text.trim() === ''
          ? 'platter.yaml is empty'
          : 'platter.yaml holds no settings (not a YAML mapping)';
      sink.diagnostics.push(
        diagnostic(
          'InvalidSettings',
          `${why}; it must hold apiVersion platter.dev/v1alpha1, kind: Settings (see \`platter init --empty\`)`,
          layout.settings,
        ),
      );
    }
    return undefined;
  }
  const { value, diagnostics } = parseWithSchema(settingsFileSchema, raw, layout.settings, 'InvalidSettings');
  sink.diagnostics.push(...diagnostics);
  if (!value) return undefined;
  const s = value.spec;
  // An env declared twice is read once (the first entry): its secrets would be encrypted to that entry's
  // recipients whatever the other says, and an env's page would show one of the two (issue 22 item 5).
  const seen = new Set<string>();
  for (const e of s.environments) {
    if (seen.has(e.name)) {
      sink.diagnostics.push(
        diagnostic(
          'DuplicateName',
          `environment "${e.name}" is declared more than once in platter.yaml (its owner and age recipients would be the first entry's): keep one`,
          layout.settings,
        ),
      );
    }
    seen.add(e.name);
  }
  return {
    file: value,
    settings: {
      origin: { path: layout.settings },
      name: value.metadata.name,
      platformTeam: s.platformTeam,
      platformCodeowners: s.platformCodeowners,
      lockdown: s.lockdown,
      repository: {
        url: s.repository.url,
        branch: s.repository.branch,
        ...(s.repository.secretName ? { secretName: s.repository.secretName } : {}),
      },
      tenantConfigKeys: s.tenantConfigKeys,
    },
  };
}

// ---------------------------------------------------------------- the menu

export function parseService(sink: ParseSink, name: string): RuntimeService {
  const versions = sink.tree
    .dirs(layout.serviceDir(name))
    .map((v) => parseComponentVersion(sink, name, v))
    .filter((v): v is ComponentVersion => !!v);
  return { origin: { path: layout.serviceDir(name) }, name, versions };
}

export function parseComponentVersion(sink: ParseSink, service: string, version: string): ComponentVersion | undefined {
  const path = layout.componentFile(service, version);
  const raw = readFirst(sink, path);
  if (!raw) return undefined;
  const { value, diagnostics } = parseWithSchema(componentFileSchema, raw, path, 'InvalidManifest');
  sink.diagnostics.push(...diagnostics);
  if (!value) return undefined;
  const s = value.spec;
  if (value.metadata.name !== service || s.version !== version) {
    sink.diagnostics.push(
      diagnostic(
        'InvalidManifest',
        `${path} describes ${value.metadata.name} ${s.version} but lives in ${layout.versionDir(service, version)}/`,
        path,
      ),
    );
  }
  const { tree } = sink;
  const versionDir = layout.versionDir(service, version);
  const addonDirs = tree.dirs(versionDir).filter((d) => d !== '_base');
  const base = sink.walker.build(layout.baseDir(service, version));
  const baseObjects: ResourceRef[] = base.objects.map((o) => ({
    kind: o.kind,
    name: o.name,
    ...(o.namespace ? { namespace: o.namespace } : {}),
  }));
  const addonPatchTargets: Record<string, ResourceRef[]> = {};
  for (const dir of addonDirs) addonPatchTargets[dir] = patchTargets(sink, layout.addonDir(service, version, dir));

  // The menu is shared by every env: a Secret in it must carry no value of its own.
  const plaintextSecrets = tree
    .list(versionDir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== path)
    .filter((f) =>
      (sink.cache.read(tree, f).values ?? []).some(
        (d) => (d as Obj | null)?.kind === 'Secret' && hasPlaintextValues(d as Obj),
      ),
    );
  const common = {
    origin: { path },
    service,
    version,
    ...(s.description !== undefined ? { description: s.description } : {}),
    namespace: s.namespace,
    dependsOn: s.dependsOn,
    requires: { config: s.requires.config, secrets: s.requires.secrets },
    lifecycle: {
      status: s.lifecycle.status,
      ...(s.lifecycle.sunset !== undefined ? { sunset: s.lifecycle.sunset } : {}),
      ...(s.lifecycle.message !== undefined ? { message: s.lifecycle.message } : {}),
    },
    ...(s.digest !== undefined ? { digest: s.digest } : {}),
    facts: {
      computedDigest: digestOfTree(tree, service, version),
      baseObjects,
      addonDirs,
      addonPatchTargets,
      ...(plaintextSecrets.length ? { plaintextSecrets } : {}),
    },
  };
  const declaredAddon = (a: (typeof s.addons)[number]) => ({
    name: a.name,
    ...(a.description !== undefined ? { description: a.description } : {}),
    conflictsWith: a.conflictsWith,
    patchTargets: a.patchTargets.map((t) => ({
      kind: t.kind,
      name: t.name,
      ...(t.namespace ? { namespace: t.namespace } : {}),
    })),
  });

  // Plain manifests: the files are the component (copied verbatim by releases), so the model carries them.
  if (s.source === 'manifests' || !s.chart) {
    const files: Record<string, string> = {};
    for (const file of tree.list(versionDir)) {
      const rel = file.slice(versionDir.length + 1);
      if (rel !== 'component.yaml') files[rel] = tree.read(file) ?? '';
    }
    return { ...common, source: 'manifests', files, addons: s.addons.map(declaredAddon) };
  }

  const release = readAll(sink, `${layout.baseDir(service, version)}/release.yaml`, true).find(
    (o) => o.kind === 'HelmRelease' && o.metadata?.name === service,
  );
  const addonValues = (addon: string) =>
    readAll(sink, `${layout.addonDir(service, version, addon)}/patch.yaml`, true).find((o) => o.kind === 'HelmRelease')
      ?.spec?.values as Obj | undefined;

  return {
    ...common,
    ...(s.source === 'helm' ? { source: 'helm' as const } : {}),
    chart: { repository: s.chart.repository, name: s.chart.name, version: s.chart.version },
    ...(release?.spec?.values ? { values: release.spec.values as Obj } : {}),
    addons: s.addons.map((a) => {
      const values = addonValues(a.name);
      return { ...declaredAddon(a), ...(values !== undefined ? { values } : {}) };
    }),
  };
}

/** Objects an addon's patches aim at: explicit targets, or the kind/name of a strategic-merge patch. */
function patchTargets(sink: ParseSink, dir: string): ResourceRef[] {
  const k = (sink.cache.read(sink.tree, `${dir}/kustomization.yaml`).values?.[0] ?? {}) as Obj;
  const out: ResourceRef[] = [];
  const fromDoc = (doc: Obj | undefined) => {
    if (doc && typeof doc.kind === 'string' && typeof doc.metadata?.name === 'string')
      out.push({ kind: doc.kind, name: doc.metadata.name });
  };
  for (const p of Array.isArray(k.patches) ? k.patches : []) {
    if (
      p?.target &&
      typeof p.target.kind === 'string' &&
      typeof p.target.name === 'string' &&
      !/[()|*]/.test(p.target.name)
    ) {
      out.push({ kind: p.target.kind, name: p.target.name });
    } else if (typeof p?.path === 'string') {
      const target = resolveRelative(dir, p.path);
      const docs = target ? (sink.cache.read(sink.tree, target).values ?? []) : [];
      docs.forEach((d) => fromDoc(d as Obj));
    } else if (typeof p?.patch === 'string') {
      try {
        const docs = parseYamlValues(p.patch);
        if (!Array.isArray(docs[0])) docs.forEach((d) => fromDoc(d as Obj));
      } catch {
        /* an unreadable inline patch fails kustomize: reported by the oracle */
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- stages

export function parseStage(sink: ParseSink, declared: SettingsFile['spec']['stages'][number]): Stage {
  const name = declared.name;
  const kPath = layout.stageKustomization(name);
  if (sink.tree.read(kPath) === undefined) {
    sink.diagnostics.push(
      diagnostic('MissingFile', `stage "${name}" is declared in platter.yaml but ${kPath} does not exist`, kPath),
    );
  }
  const configMap = readAll(sink, layout.stageConfig(name), true).find((o) => o.kind === 'ConfigMap');
  const components: StageComponent[] = [];
  for (const file of sink.tree.list(layout.stageRuntimeDir(name))) {
    if (!file.endsWith('.yaml')) continue;
    const k = readAll(sink, file).find(
      (o) => o.kind === 'Kustomization' && String(o.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/'),
    );
    if (!k) {
      sink.diagnostics.push(diagnostic('InvalidManifest', `${file} holds no Flux Kustomization`, file));
      continue;
    }
    const c = parseRuntimeKustomization(sink, file, k);
    if (c) components.push(c);
  }
  return {
    origin: { path: kPath },
    name,
    allowPrerelease: declared.allowPrerelease,
    ...(declared.promotesFrom !== undefined ? { promotesFrom: declared.promotesFrom } : {}),
    config: without(stringRecord(configMap?.data), 'stage', name),
    components: components.sort((a, b) => byteOrder(a.service, b.service)),
  };
}

const RUNTIME_PATH = /^(?:\.\/)?runtime\/([^/]+)\/([^/]+)\/_base\/?$/;

function parseRuntimeKustomization(sink: ParseSink, file: string, k: Obj): StageComponent | undefined {
  const m = RUNTIME_PATH.exec(String(k.spec?.path ?? ''));
  if (!m) {
    sink.diagnostics.push(
      diagnostic(
        'InvalidManifest',
        `${file}: spec.path ${JSON.stringify(k.spec?.path)} is not ./runtime/<service>/<version>/_base`,
        file,
      ),
    );
    return undefined;
  }
  const [, service, version] = m as unknown as [string, string, string];
  if (k.metadata?.name !== objectNames.runtimeKustomization(service)) {
    sink.diagnostics.push(
      diagnostic(
        'InvalidManifest',
        `${file}: the Kustomization of ${service} must be named ${objectNames.runtimeKustomization(service)}`,
        file,
      ),
    );
  }
  const addons = strings(k.spec?.components).map((c) => c.replace(/^\.\.\//, '').replace(/\/$/, ''));
  let values: Obj | undefined;
  for (const p of Array.isArray(k.spec?.patches) ? k.spec.patches : []) {
    if (p?.target?.kind !== 'HelmRelease' || typeof p.patch !== 'string') continue;
    try {
      values = (parseYamlValues(p.patch)[0] as Obj | undefined)?.spec?.values ?? values;
    } catch {
      sink.diagnostics.push(diagnostic('InvalidManifest', `${file}: a HelmRelease patch is not valid YAML`, file));
    }
  }
  return { origin: { path: file }, service, version, addons, ...(values ? { values } : {}) };
}

// ---------------------------------------------------------------- environments

const STAGE_COMPONENT = /^\.\.\/\.\.\/stages\/([^/]+)\/?$/;

export function parseEnvironment(
  sink: ParseSink,
  name: string,
  declared?: SettingsFile['spec']['environments'][number],
): Environment | undefined {
  const kPath = layout.envKustomization(name);
  const k = readFirst(sink, kPath);
  if (!k) return undefined;
  const stages = strings(k.components)
    .map((c) => STAGE_COMPONENT.exec(c)?.[1])
    .filter((s): s is string => !!s);
  if (stages.length !== 1) {
    sink.diagnostics.push(
      diagnostic(
        'UnknownStage',
        `${kPath} must include exactly one stage component (../../stages/<stage>); found ${stages.length ? stages.join(', ') : 'none'}`,
        kPath,
      ),
    );
  }
  const configMap = readAll(sink, layout.envConfig(name), true).find((o) => o.kind === 'ConfigMap');
  const secrets: EnvSecret[] = [];
  for (const file of sink.tree.list(layout.secretsDir(name))) {
    if (!file.endsWith(ENCRYPTED_SUFFIX)) continue;
    const doc = readAll(sink, file)[0];
    if (!doc) continue;
    const facts = secretFacts(doc);
    const fileName = file.slice(layout.secretsDir(name).length + 1, -ENCRYPTED_SUFFIX.length);
    if (doc.kind !== 'Secret' || facts.name !== fileName) {
      sink.diagnostics.push(diagnostic('InvalidManifest', `${file} must hold one Secret named "${fileName}"`, file));
    }
    secrets.push({
      origin: { path: file },
      name: fileName,
      namespace: facts.namespace ?? 'flux-system',
      keys: facts.keys,
      encrypted: facts.encrypted,
    });
  }
  return {
    origin: { path: kPath },
    name,
    stage: stages[0] ?? '',
    ...(declared?.owner !== undefined ? { owner: declared.owner } : {}),
    ageRecipients: declared?.ageRecipients ?? [],
    config: without(stringRecord(configMap?.data), 'env', name),
    secrets,
    ...parseOverrides(sink, kPath, k.patches),
  };
}

/**
 * Reads env addon overrides and version pins back from their JSON6902 patches
 * on runtime Kustomizations (see renderEnvironment), by the one reading of such a
 * patch (readOverridePatch). A patch with any other op is someone else's and is left alone.
 */
function parseOverrides(
  sink: ParseSink,
  kPath: string,
  patches: unknown,
): { addonOverrides: AddonOverride[]; versionOverrides?: VersionOverride[] } {
  const out: AddonOverride[] = [];
  const pins: VersionOverride[] = [];
  for (const p of Array.isArray(patches) ? patches : []) {
    const target = p?.target;
    if (
      target?.kind !== 'Kustomization' ||
      typeof target.name !== 'string' ||
      !target.name.startsWith('runtime-') ||
      typeof p.patch !== 'string'
    )
      continue;
    const service = target.name.slice('runtime-'.length);
    let ops: unknown;
    try {
      ops = parseYamlValues(p.patch)[0];
    } catch {
      sink.diagnostics.push(
        diagnostic('InvalidManifest', `${kPath}: the patch on ${target.name} is not valid YAML`, kPath),
      );
      continue;
    }
    const read = readOverridePatch(service, ops);
    if (!read) continue;
    if (read.pin) pins.push({ service, version: read.pin });
    out.push(...read.addons);
  }
  return { addonOverrides: out, ...(pins.length ? { versionOverrides: pins } : {}) };
}

// ---------------------------------------------------------------- tenants and apps

export function parseTenant(sink: ParseSink, declared: SettingsFile['spec']['tenants'][number]): Tenant {
  const dir = layout.tenantDir(declared.name);
  const stages = sink.tree
    .dirs(dir)
    .filter(
      (d) =>
        d !== 'base' && d !== 'envs' && sink.tree.read(layout.tenantStageKustomization(declared.name, d)) !== undefined,
    );
  return {
    origin: { path: layout.settings },
    name: declared.name,
    owner: declared.owner,
    codeowners: declared.codeowners,
    namespaces: declared.namespaces,
    stages,
  };
}

export function parseApp(sink: ParseSink, name: string): App | undefined {
  const kPath = layout.appBaseKustomization(name);
  const k = readFirst(sink, kPath);
  if (!k) return undefined;
  const annotations = (k.metadata?.annotations ?? {}) as Record<string, string>;
  const tenant = annotations[ANNOTATIONS.tenant];
  if (!tenant) {
    sink.diagnostics.push(
      diagnostic(
        'UnknownTenant',
        `${kPath} has no ${ANNOTATIONS.tenant} annotation: every app belongs to a tenant`,
        kPath,
      ),
    );
    return undefined;
  }
  const dependsOn = (annotations[ANNOTATIONS.dependsOn] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const release = readAll(sink, layout.appRelease(name), true).find((o) => o.kind === 'HelmRelease');
  const repo = readAll(sink, layout.appSource(name), true).find(
    (o) => o.kind === 'HelmRepository' || o.kind === 'OCIRepository',
  );
  const workload = readAll(sink, layout.appWorkload(name), true).find((o) => o.kind === 'Deployment');
  let source: AppSource;
  let namespace: string;
  if (release && repo) {
    source = {
      type: 'helm',
      repository: String(repo.spec?.url ?? ''),
      chart: String(release.spec?.chart?.spec?.chart ?? ''),
      ...(release.spec?.values ? { values: release.spec.values as Obj } : {}),
    };
    namespace = String(release.metadata?.namespace ?? '');
  } else if (workload) {
    const container = workload.spec?.template?.spec?.containers?.[0] ?? {};
    source = {
      type: 'image',
      image: String(container.image ?? '').replace(/:[^/:]*$/, ''),
      port: Number(container.ports?.[0]?.containerPort ?? 8080),
    };
    namespace = String(workload.metadata?.namespace ?? '');
  } else {
    sink.diagnostics.push(
      diagnostic(
        'InvalidManifest',
        `${layout.appBaseDir(name)} has neither a HelmRelease + HelmRepository nor a Deployment`,
        kPath,
      ),
    );
    return undefined;
  }

  const deployments: Deployment[] = [];
  const readPin = (target: { stage: string } | { env: string }): Deployment | undefined => {
    const overlay = layout.appOverlayKustomization(name, target);
    const ok = readFirst(sink, overlay);
    if (!ok) return undefined;
    let version: string | undefined;
    let values: Obj | undefined;
    if (source.type === 'helm') {
      const pin = readAll(sink, layout.appOverlayPin(name, target), true).find((o) => o.kind === 'HelmRelease');
      version = pin?.spec?.chart?.spec?.version;
      values = pin?.spec?.values;
    } else {
      const image = source.image;
      version = (Array.isArray(ok.images) ? ok.images : []).find((i: Obj) => i?.name === image)?.newTag;
    }
    if (typeof version !== 'string') {
      sink.diagnostics.push(
        diagnostic(
          'InvalidManifest',
          `${layout.appOverlayDir(name, target)} pins no version for app "${name}"`,
          overlay,
        ),
      );
      return undefined;
    }
    const origin = { path: source.type === 'helm' ? layout.appOverlayPin(name, target) : overlay };
    return 'stage' in target
      ? { origin, stage: target.stage, version, ...(values ? { values } : {}) }
      : { origin, env: target.env, version, ...(values ? { values } : {}) };
  };
  for (const dir of sink.tree.dirs(layout.appDir(name))) {
    if (dir === 'base') continue;
    if (dir === 'envs') {
      for (const env of sink.tree.dirs(`${layout.appDir(name)}/envs`)) {
        const d = readPin({ env });
        if (d) deployments.push(d);
      }
      continue;
    }
    const d = readPin({ stage: dir });
    if (d) deployments.push(d);
  }
  return { origin: { path: kPath }, name, tenant, namespace, source, dependsOn, deployments };
}
