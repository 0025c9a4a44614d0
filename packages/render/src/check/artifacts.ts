/**
 * Flux 2.7's ArtifactGenerator (source.extensions.fluxcd.io) copies files of its
 * sources into an ExternalArtifact; a Kustomization whose sourceRef is that
 * artifact builds `spec.path` inside it. When every source of the artifact is this
 * repository, the artifact is a view of the repository: {@link ArtifactTree} maps
 * each artifact path to the repository file it was copied from, so the artifact is
 * built (and its findings reported) like a path of the repository.
 *
 * Copy rules (`copy: [{from: "@alias/<glob>", to: "@artifact/<dest>", exclude}]`):
 * `dir/**` copies the contents of `dir` recursively under `dest`; `dir/*.yaml`
 * copies the matching files into `dest`; a single file goes into `dest` when it
 * ends with `/`, else it is renamed to `dest`; a directory without a glob is copied
 * with its name into `dest`. Later rules overwrite earlier ones.
 */
import ignore from 'ignore';
import { byteOrder, type FileTree } from '@platter/model';

/** One `copy` entry of an ArtifactGenerator artifact. */
export interface CopyRule {
  readonly from: string;
  readonly to: string;
  readonly exclude?: readonly string[];
}

/** A read-only FileTree over another one: artifact path -> repository path. */
export class ArtifactTree implements FileTree {
  private readonly sorted: string[];

  constructor(
    private readonly repo: FileTree,
    /** Artifact path -> repository path. */
    readonly files: ReadonlyMap<string, string>,
  ) {
    this.sorted = [...files.keys()].sort();
  }

  read(path: string): string | undefined {
    const source = this.files.get(path);
    return source === undefined ? undefined : this.repo.read(source);
  }

  list(dir = ''): string[] {
    if (!dir) return [...this.sorted];
    const prefix = `${dir}/`;
    return this.sorted.filter((p) => p.startsWith(prefix));
  }

  dirs(dir: string): string[] {
    const prefix = dir ? `${dir}/` : '';
    const names = new Set<string>();
    for (const p of this.list(dir)) {
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash > 0) names.add(rest.slice(0, slash));
    }
    return [...names].sort();
  }

  /** The repository path a finding about an artifact path should name. */
  repoPath(path: string): string {
    const exact = this.files.get(path);
    if (exact !== undefined) return exact;
    const under = this.list(path)[0];
    if (under === undefined) return path;
    const source = this.files.get(under)!;
    const depth = under.slice(path.length).split('/').length - 1;
    return source.split('/').slice(0, -depth).join('/');
  }
}

const GLOB = /[*?[]/;

/** A glob (`**`, `*`, `?`) as an anchored regular expression over repository paths. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Whether an object is a Flux ArtifactGenerator (source.extensions.fluxcd.io). */
export const isArtifactGenerator = (o: { apiVersion?: unknown; kind?: unknown }): boolean =>
  o.kind === 'ArtifactGenerator' && String(o.apiVersion ?? '').startsWith('source.extensions.fluxcd.io/');

/**
 * A copy rule's `from` (or `exclude`) pattern split at its first glob: `@repo/apps/base/**`
 * is alias `@repo/`, the directory `apps/base` every match is under, and the glob `**`. A
 * pattern without a glob is all prefix (a file or a directory).
 */
export function copyPattern(pattern: string): {
  readonly alias: string;
  readonly prefix: string;
  readonly glob: string;
} {
  const alias = /^@[^/]*\/?/.exec(pattern)?.[0] ?? '';
  const segments = pattern.slice(alias.length).split('/').filter(Boolean);
  const firstGlob = segments.findIndex((seg) => GLOB.test(seg));
  const cut = firstGlob < 0 ? segments.length : firstGlob;
  return { alias, prefix: segments.slice(0, cut).join('/'), glob: segments.slice(cut).join('/') };
}

/**
 * A copy pattern after the directory it copies from moved (`map`: repository path before ->
 * after): the same files, at the same artifact paths, from their new place.
 */
export function movedCopyPattern(pattern: string, map: (path: string) => string): string {
  const { alias, prefix, glob } = copyPattern(pattern);
  const moved = map(prefix);
  if (moved === prefix) return pattern;
  return `${alias}${[moved, glob].filter(Boolean).join('/')}`;
}

/**
 * The files an artifact holds, from its copy rules over one repository. Rules whose
 * `from` names another alias are the caller's business (it checks every alias is
 * this repository before calling). Returns the artifact path -> repository path map.
 */
export function artifactFiles(repo: FileTree, rules: readonly CopyRule[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of rules) {
    const from = rule.from.replace(/^@[^/]+\/?/, '');
    let to = rule.to.replace(/^@artifact\/?/, '');
    const excludes = (rule.exclude ?? []).map((e) => globToRegExp(e.replace(/^@[^/]+\/?/, '')));
    const excluded = (p: string) => excludes.some((re) => re.test(p));
    const segments = from.split('/').filter(Boolean);
    const firstGlob = segments.findIndex((s) => GLOB.test(s));
    if (firstGlob < 0) {
      const path = segments.join('/');
      if (repo.read(path) !== undefined) {
        if (!excluded(path)) files.set(to === '' || to.endsWith('/') ? `${to}${segments.at(-1)}` : to, path);
        continue;
      }
      // A directory: copied with its name.
      if (to && !to.endsWith('/')) to += '/';
      const base = segments.slice(0, -1).join('/');
      for (const p of repo.list(path)) if (!excluded(p)) files.set(`${to}${base ? p.slice(base.length + 1) : p}`, p);
      continue;
    }
    const prefix = segments.slice(0, firstGlob).join('/');
    const re = globToRegExp(segments.join('/'));
    if (to && !to.endsWith('/')) to += '/';
    for (const p of repo.list(prefix)) {
      if (!re.test(p) || excluded(p)) continue;
      files.set(`${to}${prefix ? p.slice(prefix.length + 1) : p}`, p);
    }
  }
  return files;
}

/**
 * What source-controller leaves out of every GitRepository artifact, as the
 * gitignore patterns of fluxcd/pkg sourceignore (ExcludeVCS, ExcludeExt,
 * ExcludeCI, ExcludeExtra): a Kustomization at the repository root does not
 * build `.github/workflows/*.yaml`. They rank below the `.sourceignore` files,
 * which may include a file again (`!.sops.yaml`). A GitRepository's own
 * `spec.ignore` is not read. The one list: the kustomize oracle's scratch copy
 * (gitops-repo) copies what {@link gitArtifactPaths} keeps.
 */
const FLUX_DEFAULT_EXCLUSIONS: readonly string[] = [
  ...['.git/', '.gitignore', '.gitmodules', '.gitattributes'],
  ...['*.jpg', '*.jpeg', '*.gif', '*.png', '*.wmv', '*.flv', '*.tar.gz', '*.zip'],
  ...['.github/', '.circleci/', '.travis.yml', '.gitlab-ci.yml', 'appveyor.yml', '.drone.yml', 'cloudbuild.yaml'],
  ...['codeship-services.yml', 'codeship-steps.yml'],
  ...['**/.goreleaser.yml', '**/.sops.yaml', '**/.flux.yaml'],
];

/** The file source-controller reads exclusion rules from, in any directory of the repository. */
export const SOURCE_IGNORE_FILE = '.sourceignore';

/** The repository's `.sourceignore` rules as rules of its root, shallow files first (undefined: it has none). */
function sourceIgnoreRules(repo: FileTree): string[] | undefined {
  const files = repo
    .list('')
    .filter(isSourceIgnoreFile)
    .sort((a, b) => a.split('/').length - b.split('/').length || byteOrder(a, b));
  if (!files.length) return undefined;
  // One rule list, shallow files first (the last matching rule decides, as in git), each rule of a
  // nested file anchored at its directory.
  const rules: string[] = [];
  for (const f of files) {
    const dir = f.slice(0, Math.max(0, f.length - SOURCE_IGNORE_FILE.length - 1));
    for (const line of (repo.read(f) ?? '').split(/\r?\n/)) rules.push(dir ? inDirectory(line, dir) : line);
  }
  return rules;
}

/**
 * Whether source-controller leaves a repository path out of the GitRepository artifact by the
 * repository's `.sourceignore` files (gitignore rules, each file's relative to its directory,
 * a deeper file's verdict over a shallower one's). The official flux2-kustomize-helm-example
 * excludes everything (`/*`) but `apps/`, `clusters/` and `infrastructure/`: a Kustomization
 * path elsewhere is not in the artifact. undefined when the repository has no such file.
 */
export function sourceIgnore(repo: FileTree): ((path: string) => boolean) | undefined {
  const rules = sourceIgnoreRules(repo);
  if (!rules) return undefined;
  const matcher = ignore().add(rules);
  return (path) => matcher.ignores(path);
}

/**
 * Whether a repository path (a file; a directory when it ends with `/`) is in the
 * GitRepository artifact: not left out by Flux's default exclusions, or included
 * again by a `.sourceignore` rule, and not left out by one.
 */
export function gitArtifactPaths(
  repo: FileTree,
  options: { readonly sourceIgnore?: boolean } = {},
): (path: string) => boolean {
  return artifactMatcher(options.sourceIgnore === false ? undefined : sourceIgnoreRules(repo));
}

function artifactMatcher(rules: readonly string[] | undefined): (path: string) => boolean {
  const matcher = ignore().add([...FLUX_DEFAULT_EXCLUSIONS, ...(rules ?? [])]);
  return (path) => !matcher.ignores(path);
}

/** Whether a path is a `.sourceignore` file (a change to one changes what the artifact holds). */
export const isSourceIgnoreFile = (path: string): boolean =>
  path === SOURCE_IGNORE_FILE || path.endsWith(`/${SOURCE_IGNORE_FILE}`);

/** Why a missing path is missing when `.sourceignore` leaves it out, and the fix (check and validate say it alike). */
export const leftOutOfArtifact = (path: string): string =>
  `is left out of the GitRepository artifact by .sourceignore (add \`!/${path.split('/')[0]}/\` to it)`;

/** A gitignore rule of `<dir>/.sourceignore` as a rule of the repository root. */
function inDirectory(line: string, dir: string): string {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return line;
  const negated = trimmed.startsWith('!');
  const pattern = negated ? trimmed.slice(1) : trimmed;
  // A slash anywhere but at the end anchors a pattern at its file's directory; else it matches at any depth below it.
  const anchored = pattern.replace(/\/$/, '').includes('/');
  const rooted = anchored ? `${dir}/${pattern.replace(/^\//, '')}` : `${dir}/**/${pattern}`;
  return `${negated ? '!' : ''}/${rooted}`;
}

/**
 * A repository as a GitRepository artifact holds it. Each file is read once
 * (every cluster `platter check` builds reads the shared ones), unless it reads
 * through ({@link artifactView}: a TrackedTree under it records each read).
 */
export class GitArtifactTree implements FileTree {
  private readonly texts?: Map<string, string | undefined>;
  /** Flux's default exclusions alone: what Git holds that an artifact could hold. */
  private readonly committed: (path: string) => boolean;
  private readonly held: (path: string) => boolean;
  /** Whether .sourceignore files leave anything out (the artifact then holds less than Git). */
  readonly ignoresPaths: boolean;
  private readonly rules: readonly string[] | undefined;

  constructor(
    private readonly repo: FileTree,
    options: {
      /** false: what Git holds (default exclusions only), for what is committed whether Flux reads it or not. */
      readonly sourceIgnore?: boolean;
      /** Read the repository on every read (no cache of its own). */
      readonly readThrough?: boolean;
      /** The repository's `.sourceignore` rules, when the caller has them (else read). */
      readonly rules?: readonly string[];
    } = {},
  ) {
    const rules = options.sourceIgnore === false ? undefined : (options.rules ?? sourceIgnoreRules(repo));
    this.rules = rules;
    this.committed = artifactMatcher(undefined);
    this.ignoresPaths = rules !== undefined;
    this.held = rules ? artifactMatcher(rules) : this.committed;
    if (!options.readThrough) this.texts = new Map();
  }

  /** The same artifact of another repository tree: the same `.sourceignore` rules, not read again. */
  over(repo: FileTree): GitArtifactTree {
    return new GitArtifactTree(repo, {
      readThrough: !this.texts,
      ...(this.rules ? { rules: this.rules } : { sourceIgnore: false }),
    });
  }

  /** Whether the repository holds `path` (a file, or a directory with files) and .sourceignore leaves it out. */
  leftOut(path: string): boolean {
    if (!this.ignoresPaths) return false;
    const files = (this.repo.read(path) !== undefined ? [path] : this.repo.list(path)).filter(this.committed);
    return files.length > 0 && files.every((p) => !this.held(p));
  }

  read(path: string): string | undefined {
    if (!this.held(path)) return undefined;
    if (!this.texts) return this.repo.read(path);
    if (this.texts.has(path)) return this.texts.get(path);
    const text = this.repo.read(path);
    this.texts.set(path, text);
    return text;
  }

  list(dir = ''): string[] {
    return this.repo.list(dir).filter(this.held);
  }

  dirs(dir: string): string[] {
    const path = (d: string) => (dir ? `${dir}/${d}` : d);
    const dirs = this.repo.dirs(dir).filter((d) => this.committed(`${path(d)}/`));
    // A directory whose every file .sourceignore leaves out is not in the artifact either.
    return this.ignoresPaths ? dirs.filter((d) => this.list(path(d)).length > 0) : dirs;
  }
}

/**
 * What kustomize walks of a repository read when `.sourceignore` files leave
 * paths out of its GitRepository artifact: the artifact, read through (each
 * read goes to `repo`). undefined when the repository has none: Flux's default
 * exclusions alone leave out VCS, CI, image and tool files, which no
 * kustomization builds, so walks read the tree itself and skip a match per
 * path (64 ms over the 1,000-env fleet's 15,000 files). `list` is the
 * repository's own (`repo`'s base when it records reads), so deciding does not
 * count as a read.
 */
export function artifactView(repo: FileTree, list: FileTree = repo): GitArtifactTree | undefined {
  const rules = sourceIgnoreRules(list);
  return rules ? new GitArtifactTree(repo, { readThrough: true, rules }) : undefined;
}
