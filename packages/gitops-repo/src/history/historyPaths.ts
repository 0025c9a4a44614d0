import { layout, PlatterError, type FileTree } from '@platter/model';
import { buildEnvironment, fluxWalker, RepositoryReader } from '@platter/render';

/** What a history is about: an env, a stage or an app. */
export type HistorySubject = { readonly env: string } | { readonly stage: string } | { readonly app: string };

/**
 * The git pathspecs of what a subject builds from, on the tree at the head
 * (DESIGN §6: history reads the same builds as explain):
 * - an env: every file its Flux-way build reads (its own, its stage's, the
 *   component versions, tenants and apps it runs), plus its directories
 *   (`envs/<env>/`, `tenants/<t>/envs/<env>/`, `apps/<a>/envs/<env>/`) and its
 *   stage's directory, so files added or removed there count too;
 * - a stage: what the build of one of its envs reads, minus every env's own
 *   paths, plus `stages/<stage>/` (and the stage's tenant and app directories);
 * - an app: `apps/<app>/` and the tenant Kustomizations named after it.
 * Rejects UnknownEnvironment, UnknownStage, UnknownApp.
 */
export function historyPaths(tree: FileTree, subject: HistorySubject): string[] {
  const reader = new RepositoryReader(tree);
  if ('app' in subject) {
    if (tree.list(layout.appDir(subject.app)).length === 0)
      throw new PlatterError(
        'UnknownApp',
        `app "${subject.app}" not found (no ${layout.appDir(subject.app)}/)`,
        layout.appDir(subject.app),
      );
    return [`${layout.appDir(subject.app)}/`, `:(glob)${layout.tenantsDir}/*/**/${subject.app}.yaml`];
  }
  if ('env' in subject) {
    const env = reader.environment(subject.env);
    if (!env)
      throw new PlatterError(
        'UnknownEnvironment',
        `env "${subject.env}" not found (known: ${reader.environmentNames().join(', ') || 'none'})`,
        layout.envDir(subject.env),
      );
    return [
      ...readsOfBuild(tree, subject.env),
      `${layout.envDir(env.name)}/`,
      `${layout.stageDir(env.stage)}/`,
      `:(glob)${layout.tenantsDir}/*/envs/${env.name}/**`,
      `:(glob)${layout.appsDir}/*/envs/${env.name}/**`,
    ].filter(unique);
  }
  const stage = reader.stage(subject.stage);
  if (!stage)
    throw new PlatterError(
      'UnknownStage',
      `stage "${subject.stage}" not found (known: ${reader.stageNames().join(', ') || 'none'})`,
      layout.stageDir(subject.stage),
    );
  const anEnv = reader.environmentNames().find((e) => reader.environment(e)?.stage === stage.name);
  const shared = anEnv ? readsOfBuild(tree, anEnv).filter((p) => !p.split('/').includes('envs')) : [];
  return [
    ...shared,
    `${layout.stageDir(stage.name)}/`,
    `:(glob)${layout.tenantsDir}/*/${stage.name}/**`,
    `:(glob)${layout.appsDir}/*/${stage.name}/**`,
  ].filter(unique);
}

/** The files (that exist) an env's Flux-way build reads, sorted. */
function readsOfBuild(tree: FileTree, env: string): string[] {
  const read = new Set<string>();
  const recording: FileTree = {
    read: (p) => {
      const text = tree.read(p);
      if (text !== undefined) read.add(p);
      return text;
    },
    list: (d) => tree.list(d),
    dirs: (d) => tree.dirs(d),
  };
  // The kustomize walks (all a build reads) happen while it is built; the objects are made later, from them.
  buildEnvironment(fluxWalker(recording), env);
  return collapse(tree, read);
}

/**
 * Files as pathspecs, a directory (`dir/`) where the set holds every file under it:
 * git log matches each commit's changes against every pathspec, so a thousand
 * files of a few component versions become a few directories.
 */
function collapse(tree: FileTree, files: ReadonlySet<string>): string[] {
  const dirs = [
    ...new Set(
      [...files].flatMap((f) =>
        f
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
      ),
    ),
  ].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  const whole: string[] = [];
  for (const dir of dirs) {
    if (whole.some((w) => dir.startsWith(`${w}/`))) continue;
    if (tree.list(dir).every((f) => files.has(f))) whole.push(dir);
  }
  const under = (f: string) => whole.some((w) => f.startsWith(`${w}/`));
  return [...whole.map((w) => `${w}/`), ...[...files].filter((f) => !under(f))].sort();
}

const unique = (p: string, i: number, all: readonly string[]) => all.indexOf(p) === i;
