import type { Config } from '@backstage/config';
import { DEFAULT_ROUND_BUDGET_MS } from '@platter/gitops-repo';

/** Platter's configuration (see config.d.ts), read once with defaults applied. */
export interface PlatterConfig {
  readonly repository: {
    readonly url: string;
    readonly branch?: string;
    /** Serve a local repository's tree for View Source without sign-in (config.d.ts says when). */
    readonly browse: boolean;
  };
  readonly cacheDir?: string;
  readonly maxSnapshotAgeMs: number;
  readonly publish: {
    readonly mode?: 'direct' | 'branch' | 'pull-request';
    readonly timeoutMs: number;
    /** How long one round of group commit plans before it pushes (RequestQueue's roundBudgetMs). */
    readonly roundBudgetMs: number;
  };
  readonly catalog: { readonly refreshIntervalSeconds: number };
}

export const DEFAULT_MAX_SNAPSHOT_AGE_MS = 5_000;
export const DEFAULT_PUBLISH_TIMEOUT_MS = 60_000;
export const DEFAULT_CATALOG_REFRESH_SECONDS = 60;
const PUBLISH_MODES = ['direct', 'branch', 'pull-request'] as const;

/** Reads `platter.*`; throws at startup (with the key) when it is missing or malformed. */
export function readPlatterConfig(config: Config): PlatterConfig {
  const platter = config.getOptionalConfig('platter');
  if (!platter) throw new Error('Missing configuration platter.repository.url: the GitOps repository Platter manages');
  const mode = platter.getOptionalString('publish.mode');
  if (mode !== undefined && !(PUBLISH_MODES as readonly string[]).includes(mode)) {
    throw new Error(`Invalid configuration platter.publish.mode "${mode}": use one of ${PUBLISH_MODES.join(', ')}`);
  }
  const positive = (key: string, fallback: number) => {
    const v = platter.getOptionalNumber(key);
    if (v !== undefined && !(v > 0)) throw new Error(`Invalid configuration platter.${key}: must be a positive number`);
    return v ?? fallback;
  };
  const branch = platter.getOptionalString('repository.branch');
  const cacheDir = platter.getOptionalString('cacheDir');
  return {
    repository: {
      url: platter.getString('repository.url'),
      ...(branch ? { branch } : {}),
      browse: platter.getOptionalBoolean('repository.browse') ?? false,
    },
    ...(cacheDir ? { cacheDir } : {}),
    maxSnapshotAgeMs: positive('maxSnapshotAgeMs', DEFAULT_MAX_SNAPSHOT_AGE_MS),
    publish: {
      ...(mode ? { mode: mode as PlatterConfig['publish']['mode'] } : {}),
      timeoutMs: positive('publish.timeoutMs', DEFAULT_PUBLISH_TIMEOUT_MS),
      roundBudgetMs: positive('publish.roundBudgetMs', DEFAULT_ROUND_BUDGET_MS),
    },
    catalog: { refreshIntervalSeconds: positive('catalog.refreshIntervalSeconds', DEFAULT_CATALOG_REFRESH_SECONDS) },
  };
}
