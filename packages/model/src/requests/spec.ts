import type { z } from 'zod/v3';
import type { Diagnostic } from '../errors';

/**
 * What a request kind is, in one place (DESIGN §6): every per-kind fact the
 * edges and the core need. A kind is one module (`requests/<kind>.ts`) that
 * exports its spec; `kinds.ts` lists the specs, and everything else that
 * differs by kind (the `ChangeRequest` union, action ids, permissions, target
 * normalization, redaction, sealing, the preview's placeholders, the action's
 * secret mapping) reads them. A kind's planner lives in render
 * (`plan/<kind>/plan.ts`, listed in `plan/planners.ts`).
 */
export interface RequestKindSpec<S extends KindSchema = KindSchema> {
  /** The kind (`OnboardApp`): the schema's `kind` literal. */
  readonly kind: z.output<S>['kind'];
  /** The request's shape (defaults included), strict: unknown fields are InvalidRequest. */
  readonly schema: S;
  /**
   * The cross-field rules the schema cannot say (exactly one of stage or env,
   * ...): InvalidRequest findings, all of them. Runs after the shape parsed.
   */
  readonly check?: (request: z.output<S>) => Diagnostic[];
  /**
   * Who may ask for it at all (the portal's permissions; what a request may
   * *do* is the core's review policy): `tenant` kinds need the plan permission,
   * `platform` kinds (the menu, stage composition, environments and their
   * config and secrets) also the platform permission.
   */
  readonly audience: RequestAudience;
  /** The thing the request is about, for the action id `platter:<noun>:<verb>`: lower-case words joined by `-`. */
  readonly noun: string;
  /** What it does to it: one lower-case word. */
  readonly verb: string;
  /** The CLI command that builds it, after `platter` (`app add`). */
  readonly command: string;
  /**
   * Fields that hold targets (`Target`: a stage or an env), one or a list.
   * By kind, because a field name does not say it everywhere
   * (ReleaseComponentVersion's `from` is a version).
   */
  readonly targetFields: readonly TargetField<z.output<S>>[];
  /** When the request's `name` names an existing entity (not a new one): which kind of entity. */
  readonly nameRefers?: 'environment' | 'tenant' | 'stage';
  /**
   * Fields other than `stage`/`stages` that hold a stage's name, or a list of
   * them (CreateStage's `after`, `promotesFrom`, `promotesTo`): the edges accept
   * stage entity refs there too.
   */
  readonly stageFields?: readonly TargetField<z.output<S>>[];
  /** What the request is about, for branch names: `platter/<kind>/<subject>`. */
  readonly subject: (request: z.output<S>) => string;
  /** One line saying what was requested: the commit subject, the plan's title, the CLI's headline. */
  readonly describe: (request: z.output<S>) => string;
  /** Where the request carries secrets, when it does (see {@link SecretsLens}). */
  readonly secrets?: SecretsLens<z.output<S>>;
}

export type RequestAudience = 'tenant' | 'platform';

/**
 * How a request kind carries secret material. Everything that seals, redacts
 * or previews secrets reads this, never the kind:
 *
 * - `field`: the field that holds them, a list (`secrets`) or one (`secret`) of
 *   `SecretInput`; `secretsOf` / `withSecrets` read and replace them through it,
 *   and the scaffolder action maps task secrets into it;
 * - `env`: the environment whose files hold them (`envs/<env>/secrets/`);
 * - `recipients`: the age recipients the request itself names (CreateEnvironment
 *   brings its cluster's keys); absent, they are platter.yaml's for `env`.
 */
export interface SecretsLens<R> {
  readonly field: 'secrets' | 'secret';
  readonly env: (request: R) => string;
  readonly recipients?: (request: R) => readonly string[];
}

/** The schema of a request kind: an object with a `kind` literal. */
export type KindSchema = z.ZodObject<{ kind: z.ZodLiteral<string> } & z.ZodRawShape, 'strict'>;

/** A field of request type `R` that holds a target or a list of them. */
export type TargetField<R> = Extract<keyof R, string>;

/**
 * Declares a request kind: the spec as given, with `kind` read from the
 * schema's literal (one truth for the name).
 */
export function defineRequestKind<S extends KindSchema>(spec: Omit<RequestKindSpec<S>, 'kind'>): RequestKindSpec<S> {
  return { kind: spec.schema.shape.kind.value as z.output<S>['kind'], ...spec };
}
