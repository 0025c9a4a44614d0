import type { FileTree } from '@platter/model';
import { KustomizeWalker, ParseCache, RepositoryReader, type ParseResult } from '../parse';
import { TrackedTree } from '../parse/readTracking';
import { buildEnvironment, keepBuilds } from '../renderedDiff/buildEnvironment';
import { fluxWalker } from '../renderedDiff/fluxWalker';
import { ChangeValidation } from '../validate/changeFindings';
import { ValidationIndex } from '../validate/incremental';
import { SnapshotFileTree } from './snapshot';

/**
 * One commit as plans read it, parsed once and shared by every plan made on it
 * (issue 17: the backend's preview, its actions and its catalog provider plan
 * and read the same mirrored commit again and again).
 *
 * It holds the commit's files (read once), their parsed YAML, the whole model
 * with every entity's parse findings and what each parse read, and the
 * kustomize walks of every env. A plan given a base ({@link PlanOptions.base})
 * takes all of that over and parses, walks and validates again only what its
 * change touches (RepositoryReader.derive, KustomizeWalker.derive): the result
 * is the plan it would make without the base, byte for byte.
 *
 * It fills in lazily: the model on the first {@link parsed} (or plan), the
 * walks on the first {@link walked} (or plan), the rendered diff's builds of
 * the commit as plans ask for envs. Each is a memo of the same commit, so any
 * plan would get the same; plans never write into it what they parse of the
 * tree after their change. Plans are synchronous, so plans on one base never
 * interleave.
 *
 * Memory: about what parsing and walking the commit takes, 94 MiB of heap for
 * the 1,000-env fleet (17 MiB the parse, 77 MiB the walks with the validation
 * index's record of what each read, the reverse index included; 9 MiB more
 * than the walks alone), plus what plans reach keeps: the structure findings
 * of envs (an empty list for a clean env), the substitution checks of their
 * Kustomizations (checkStructure.ts) and the rendered diff's walks of the
 * commit (13 MiB after 8 stage-wide plans); after the 50 plans of bench P10's
 * mix (rendered diff when deciding) 53 MiB more, 26 MiB of it the substitution
 * checks. tools/bench P10 measures it in a backend. Keep a few (an LRU by
 * commit), not one per request. Of the env builds of the commit, what each
 * unit is made from is kept (its Flux Kustomization, prepared build and
 * variables; keepBuilds), not the objects a diff makes of them (8 stage-wide
 * plans kept 180 MiB of those): about 53 KiB per env plans reached, 53 MiB
 * if they reach all 1,000 envs of the fleet; the side before each plan's
 * change is built from them (building it again was a third of a stage-wide
 * plan's rendered diff).
 */
export class PlanBase {
  /** The commit's files, each read once. */
  readonly tree: FileTree;
  /** The YAML of the commit parsed; plans read through it into caches of their own. */
  readonly cache: ParseCache;
  /** The whole model parsed (and, once a plan asked, every env walked: {@link walked}). */
  readonly reader: RepositoryReader;
  private parseResult?: ParseResult;
  private fluxWalkerOfCommit?: KustomizeWalker;
  private changeValidation?: ChangeValidation;

  private constructor(
    /** The tree the base was prepared from: plan() takes the base only with this very tree. */
    readonly source: FileTree,
    /** The commit, when the tree is one. */
    readonly commit: string | undefined,
  ) {
    this.tree = new SnapshotFileTree(source);
    this.cache = new ParseCache();
    this.reader = new RepositoryReader(this.tree, this.cache);
  }

  /** A base of `tree` (nothing is parsed until asked). */
  static of(tree: FileTree, options: { readonly commit?: string } = {}): PlanBase {
    return new PlanBase(tree, options.commit);
  }

  /** The whole model and every parse finding, what `parseRepository` gives (the catalog's read). */
  parsed(): ParseResult {
    if (!this.parseResult) {
      const model = this.reader.fleet();
      this.parseResult = { ...(model ? { model } : {}), diagnostics: this.reader.diagnostics };
    }
    return this.parseResult;
  }

  /**
   * The reader after every env has been walked, recording what each walk read
   * (what `platter validate` does without kustomize, once per base): what
   * plans take over.
   */
  walked(): RepositoryReader {
    // The validation index walks every env, app and tenant path with the reader's walker (one set of walks).
    this.validation();
    return this.reader;
  }

  /**
   * What plans validate their change against (issue 17): the commit's
   * ValidationIndex (every env, app and tenant path walked once, recording
   * what each read) and, as changes ask, the structure findings of the
   * commit's envs. A plan checks only what its change reaches.
   */
  validation(): ChangeValidation {
    if (!this.changeValidation) {
      const index = ValidationIndex.build(this.tree, { reader: this.reader });
      // Its reverse index too (who read what), which every plan with a change asks: built with the base, not in a plan.
      index.touchedBy([]);
      this.changeValidation = new ChangeValidation(index);
      // The rendered diff's builds take the index's walks where patch mode makes no difference (shareWalksOf).
      if (index.walker) this.fluxWalkerOfCommit?.shareWalksOf(index.walker);
    }
    return this.changeValidation;
  }

  /** Whether the commit has been walked for plans ({@link validation}): what a first plan on it does. */
  get validated(): boolean {
    return this.changeValidation !== undefined;
  }

  /**
   * Computes ahead, env by env, what plans on this commit otherwise compute the
   * first time they reach an env: its structure findings before a change
   * (ChangeValidation) and its build for the rendered diff (the flux walker's
   * kept builds). The same memos a plan fills, filled the same way, so a plan
   * after is the plan it would have been; only sooner (issue 17: the first
   * stage-wide plans on a commit spent a third of their time here). A step per
   * env, yielding its name, so a backend can run it in slices between requests.
   * Nothing until the commit has been {@link validated}: walking the whole
   * commit is a first plan's, not background work. Memory: about 97 KiB per
   * env, 97 MiB for the 1,000-env fleet (heap after GC: 122 MiB walked, 219 MiB
   * prepared; tools/bench P10 measures it; the env roots are the validation
   * index's walks, KustomizeWalker.shareWalksOf).
   */
  *prepare(): Generator<string, void> {
    if (!this.changeValidation) return;
    const model = this.parsed().model;
    if (!model) return;
    const validation = this.changeValidation;
    for (const { name } of model.environments) {
      validation.prepareEnvironment(name);
      buildEnvironment(this.fluxWalker, name);
      yield name;
    }
  }

  /**
   * The walker the rendered diff builds the commit with (kustomize's full
   * patches), recording reads so that the side after a change takes over what
   * the change does not touch. Filled in as plans ask for envs.
   */
  get fluxWalker(): KustomizeWalker {
    if (!this.fluxWalkerOfCommit) {
      this.fluxWalkerOfCommit = fluxWalker(new TrackedTree(this.tree), this.cache);
      const index = this.changeValidation?.index;
      if (index?.walker) this.fluxWalkerOfCommit.shareWalksOf(index.walker);
      // Its env builds too (each unit's parts, not its objects): every plan's diff builds the env before its change.
      keepBuilds(this.fluxWalkerOfCommit);
    }
    return this.fluxWalkerOfCommit;
  }
}
