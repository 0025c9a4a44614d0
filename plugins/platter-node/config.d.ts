export interface Config {
  /** Platter: the GitOps repository it manages and how requests land there. */
  platter?: {
    repository: {
      /**
       * The GitOps repository as a git remote: a path to a bare repository, file://,
       * https:// (credentials through Backstage integrations where the host is known) or ssh.
       */
      url: string;
      /** Branch Flux reconciles. Default: the remote's default branch. */
      branch?: string;
      /**
       * A repository on this disk only (a path or file://, like the demo's): serve its tree read-only at
       * /api/platter/source, without sign-in, so View Source has a page to open (a repository on a host links
       * to the host instead). Anyone who can reach the backend can then read the repository. Default false.
       */
      browse?: boolean;
    };
    /** Where the backend keeps its read-only clone (each backend process its own; processes may share the directory). Default: the OS temp directory. */
    cacheDir?: string;
    /** How old a snapshot of the repository may be before it is fetched again, in ms. Default 5000. */
    maxSnapshotAgeMs?: number;
    publish?: {
      /**
       * How `platter:publish` lands a request when the template does not say:
       * `direct` (commit to the branch; only for plans whose review path is direct),
       * `branch` (push platter/<kind>/<subject>), or `pull-request` (a branch and a GitHub pull request
       * or GitLab merge request, through the `integrations.github` / `integrations.gitlab` entry of the
       * repository's host). Default: by the plan's review path: `direct` for plans whose review is
       * direct; for plans that need platform review, `pull-request` when a GitHub or GitLab integration
       * matches the repository host, else `branch`.
       */
      mode?: 'direct' | 'branch' | 'pull-request';
      /** Give up retrying a push that keeps being rejected after this long, in ms. Default 60000. */
      timeoutMs?: number;
      /**
       * Direct commits queued at this backend for the same branch land together (group commit): a round
       * plans the waiting requests one on the other and pushes them in one go. It stops taking requests
       * after planning this long, in ms, so that its push comes early enough to win a race with another
       * replica; the rest wait for the next round. Default 5000.
       */
      roundBudgetMs?: number;
    };
    catalog?: {
      /** How often the entity provider reads the repository. Default every 60 seconds. */
      refreshIntervalSeconds?: number;
    };
  };
}
