import type { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import type { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import type { RepositorySnapshot } from '@platter/gitops-repo';
import { formatDiagnostic, type Diagnostic } from '@platter/model';
import { parseRepository, type ParseResult } from '@platter/render';
import type { PlanBases, PlatterRepositoryService } from '@platter/plugin-platter-node';
import { buildEntities } from './buildEntities';
import { withLifecycleAnnotations } from './lifecycleAnnotations';

/** What the provider needs of the mirror (RepositoryMirror has it). */
export interface PlatterSnapshotSource {
  snapshot(options?: { fresh?: boolean }): Promise<RepositorySnapshot>;
  /** The remote as it may be shown (credentials masked). */
  readonly displayUrl: string;
}

export interface PlatterEntityProviderOptions {
  readonly mirror: PlatterSnapshotSource;
  readonly logger: LoggerService;
  readonly scheduler: SchedulerService;
  /** platter.catalog.refreshIntervalSeconds */
  readonly refreshIntervalSeconds: number;
  /**
   * The commits parsed once for this backend's plugins (the repository
   * service's): the catalog reads the parse the preview and the actions plan
   * on. @default a parse of its own per commit
   */
  readonly bases?: PlanBases;
  /**
   * For a local repository (the demo's): the backend's read-only tree view
   * (`<platter backend>/source`), where View Source opens an entity's directory.
   */
  readonly browseUrl?: string;
}

/** What the provider last did; for logs and tests (the backend's /diagnostics computes its own). */
export interface PlatterProviderStatus {
  /** The commit last read from the repository, applied or not. */
  readonly readCommit?: string;
  /** The commit whose entities the catalog holds (from this process's point of view). */
  readonly appliedCommit?: string;
  /** Findings that kept `readCommit` out of the catalog; empty when it was applied. */
  readonly blocking: readonly Diagnostic[];
  /** Why the repository could not be read at all (git failed), when it could not. */
  readonly readError?: string;
}

/** How many findings one log line lists. */
const MAX_LOGGED_FINDINGS = 20;

/**
 * Puts a Platter GitOps repository into the catalog (DESIGN §4): on a schedule
 * (platter.catalog.refreshIntervalSeconds; first run at startup), it reads the
 * latest commit through the shared mirror (git only, no cluster credentials),
 * parses it with the core and applies a FULL mutation of the entities
 * buildEntities makes, so envs, stages and components removed from the
 * repository leave the catalog.
 *
 * What blocks an update: a commit whose parse has no model (platter.yaml missing
 * or unreadable) or ANY parse error (a file that is not YAML or does not match
 * its schema, an env declared without its directory): the model would silently
 * lack that entity, and a full mutation would delete it from the catalog. Such
 * a commit keeps the LAST GOOD entities (no mutation at all), and its typed
 * findings are logged once per commit. Rule findings (a sunset version still
 * running, conflicting addons, missing secret keys, structure problems) do not
 * block: the entities still describe what the repository holds, and
 * `platter validate` / GET /api/platter/diagnostics report them. A commit
 * already applied is not parsed again; a git failure also keeps the entities.
 */
export class PlatterEntityProvider implements EntityProvider {
  static readonly PROVIDER_NAME = 'PlatterEntityProvider';
  private connection?: EntityProviderConnection;
  private current: PlatterProviderStatus = { blocking: [] };

  static fromRepository(
    repository: PlatterRepositoryService,
    deps: { logger: LoggerService; scheduler: SchedulerService; browseUrl?: string },
  ): PlatterEntityProvider {
    return new PlatterEntityProvider({
      mirror: repository.mirror,
      ...(repository.bases ? { bases: repository.bases } : {}),
      ...deps,
      refreshIntervalSeconds: repository.config.catalog.refreshIntervalSeconds,
    });
  }

  constructor(private readonly options: PlatterEntityProviderOptions) {}

  getProviderName(): string {
    return PlatterEntityProvider.PROVIDER_NAME;
  }

  /** The id of the scheduled refresh task. */
  get taskId(): string {
    return `${this.getProviderName()}:refresh`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const seconds = this.options.refreshIntervalSeconds;
    // No initialDelay: the first read happens at startup.
    await this.options.scheduler.scheduleTask({
      id: this.taskId,
      frequency: { seconds },
      timeout: { seconds: Math.max(60, seconds * 5) },
      fn: async () => {
        await this.refresh();
      },
    });
  }

  status(): PlatterProviderStatus {
    return this.current;
  }

  /** Reads the latest commit and applies it unless it is blocked (see the class comment). */
  async refresh(): Promise<PlatterProviderStatus> {
    const connection = this.connection;
    if (!connection) throw new Error(`${this.getProviderName()} is not connected to the catalog yet`);
    const { logger, mirror } = this.options;
    const { appliedCommit } = this.current;
    const keeping = appliedCommit ? `keeping the entities of ${short(appliedCommit)}` : 'no entities yet';

    let snapshot: RepositorySnapshot;
    try {
      snapshot = await mirror.snapshot({ fresh: true });
    } catch (e) {
      const readError = e instanceof Error ? e.message : String(e);
      logger.error(`Platter: could not read ${mirror.displayUrl} (${keeping}): ${readError}`);
      return (this.current = { ...this.current, readError });
    }
    if (snapshot.commit === appliedCommit)
      return (this.current = { readCommit: snapshot.commit, appliedCommit, blocking: [] });

    const parsed = this.options.bases?.of(snapshot).parsed() ?? parseRepository(snapshot.tree);
    const blocking = blockingFindings(parsed);
    if (blocking.length || !parsed.model) {
      if (this.current.readCommit !== snapshot.commit) {
        const lines = blocking.slice(0, MAX_LOGGED_FINDINGS).map((d) => `  ${formatDiagnostic(d)}`);
        const more =
          blocking.length > MAX_LOGGED_FINDINGS ? [`  ... and ${blocking.length - MAX_LOGGED_FINDINGS} more`] : [];
        logger.error(
          `Platter: ${mirror.displayUrl} at ${short(snapshot.commit)} does not parse (${keeping}):\n${[...lines, ...more].join('\n')}`,
        );
      }
      return (this.current = { readCommit: snapshot.commit, ...(appliedCommit ? { appliedCommit } : {}), blocking });
    }

    const entities = withLifecycleAnnotations(
      buildEntities(parsed.model, {
        commit: snapshot.commit,
        sourceUrl: mirror.displayUrl,
        branch: snapshot.branch,
        ...(this.options.browseUrl ? { browseUrl: this.options.browseUrl } : {}),
      }),
      parsed.model,
      new Date(), // outdated/deprecated annotations as of ingestion (lifecycleAnnotations.ts, issue 19)
    );
    const locationKey = `${this.getProviderName()}:${mirror.displayUrl}`;
    await connection.applyMutation({ type: 'full', entities: entities.map((entity) => ({ entity, locationKey })) });
    logger.info(`Platter: applied ${entities.length} entities from ${mirror.displayUrl} at ${short(snapshot.commit)}`);
    return (this.current = { readCommit: snapshot.commit, appliedCommit: snapshot.commit, blocking: [] });
  }
}

/** Parse findings that keep a commit out of the catalog: every error (and a missing model, which always comes with one). */
export function blockingFindings(parsed: ParseResult): Diagnostic[] {
  return parsed.diagnostics.filter((d) => d.severity === 'error');
}

const short = (commit: string) => commit.slice(0, 12);
