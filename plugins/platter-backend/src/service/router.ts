import express from 'express';
import Router from 'express-promise-router';
import type {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  isPlatterError,
  isRequestKind,
  isRequestRejected,
  parseRequest,
  type Actor,
  type ChangeRequest,
  type RequestKind,
  type ReviewPath,
} from '@platter/model';
import { plan, unifiedDiff } from '@platter/render';
import {
  permissionsToPlan,
  platterPlanPermission,
  toPlanFinding,
  type DiagnosticsRouteResponse,
  type PlanRejectionBody,
  type PlanRoutePublish,
  type PlanRouteResponse,
} from '@platter/plugin-platter-common';
import {
  normalizeInput,
  PlanBases,
  publishModeFor,
  resolveActor,
  withBackstageErrors,
  type PlatterIdentity,
  type PublishMode,
} from '@platter/plugin-platter-node';
import { displayChanges, toPreviewRequest } from './previewSecrets';
import { checkCampaignSoak, requestBranchName, type RepositorySnapshot } from '@platter/gitops-repo';
import { RepositoryView, type SnapshotSource } from './repositoryView';
import { createMenuRouter } from './menuRoutes';
import { createCloudRouter } from './cloudRoutes';
import { createExplainRouter } from './explainRoutes';
import { createLifecycleRouter } from './lifecycleRoutes';
import { createHistoryRouter, type HistorySource } from './historyRoutes';
import { createRequestsRouter, type ReviewBranchSource } from './requestsRoutes';
import type { HostReviews } from './hostReviews';

export interface RouterOptions {
  readonly httpAuth: HttpAuthService;
  readonly userInfo: UserInfoService;
  readonly permissions: PermissionsService;
  readonly logger: LoggerService;
  /** The repository mirror (platterRepositoryServiceRef's). */
  readonly mirror: SnapshotSource;
  /** The repository's history (RepositoryHistory); without it there is no `GET /history`. */
  readonly history?: HistorySource;
  /** The clock for lifecycle rules. @default now */
  readonly clock?: () => Date;
  /**
   * How platter:publish lands requests (`platter.publish.mode`, and the review
   * host when an integration serves the remote), so the preview says what will
   * really happen. @default no mode configured, no host
   */
  readonly publish?: { readonly mode?: PublishMode; readonly host?: PlanRoutePublish['host'] };
  /** The review branches publish pushed; without it `GET /requests` is 404. */
  readonly reviewBranches?: ReviewBranchSource;
  /**
   * The mirrored commits parsed once for every plan and read (the repository
   * service's, shared with the actions and the catalog). @default the router's own
   */
  readonly bases?: PlanBases;
  /** The review host's open PRs/MRs, merged into `GET /requests` (hostReviews.ts); without it, branches only. */
  readonly hostReviews?: HostReviews;
}

/**
 * Platter's routes (DESIGN §4), all read-only over the mirror's latest snapshot:
 *
 * - `POST /plan` `{ request }`: the plan of a change request as the calling user
 *   would submit it (permission `platter.request.plan`; the review path follows
 *   the user's groups). Secrets are never sealed nor echoed (previewSecrets.ts).
 * - `GET /menu`, `/menu/overview`, `/menu/environments`, `/fleet`: the menu
 *   and who uses it, in answers bounded whatever the fleet's size (menuRoutes.ts).
 * - `GET /diagnostics`: what `platter validate` finds at the latest commit.
 *
 * Platter's typed errors become Backstage's (toBackstageError: 400 with the code
 * in the message, 403 Forbidden, 409 Conflict). A refused plan's body is written
 * here, with its findings as data (planRefusal, PlanRejectionBody); Backstage's
 * error middleware writes every other error. Anything else is a 500.
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, userInfo, permissions } = options;
  const view = new RepositoryView(options.mirror, options.clock, options.bases ?? new PlanBases());
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  router.use(createMenuRouter(view)); // GET /menu, /menu/overview, /menu/environments, /fleet (menuRoutes.ts)
  router.use(createCloudRouter(view)); // GET /cloud/classes, /cloud/resources?app= (cloudRoutes.ts, issue 21)
  router.use(createExplainRouter(view)); // GET /explain (explainRoutes.ts, issue 18)
  // GET /lifecycle, /menu/matrix, /campaign (lifecycleRoutes.ts, issue 19); a campaign's landing dates from the history clone
  router.use(createLifecycleRouter(view, options.history));
  if (options.history) router.use(createHistoryRouter(view, options.history)); // GET /history (historyRoutes.ts, issue 18)
  // GET /requests ("My requests", the open review branches) and GET /tenants (the Team field) (requestsRoutes.ts, issue 23)
  router.use(
    createRequestsRouter({
      view,
      httpAuth,
      userInfo,
      branches: options.reviewBranches,
      host: options.publish?.host,
      hostReviews: options.hostReviews,
    }),
  );

  router.post('/plan', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = planBody(req.body);
    await authorizePlan(permissions, credentials, body.kind);
    const identity = await userInfo.getUserInfo(credentials);
    const snapshot = await view.snapshot();
    let response: PlanRouteResponse;
    try {
      response = await withBackstageErrors(() =>
        previewPlan(view, snapshot, identity, body, options.publish, options.history),
      );
    } catch (error) {
      const refusal = planRefusal(error, body.sent);
      if (!refusal) throw error; // not Platter's refusal: an outage or a bug is a 500, logged with its stack
      res.status(refusal.status).json(refusal.body);
      return;
    }
    options.logger.info(
      `plan ${response.plan.requestHash} "${response.plan.title}" for ${identity.userEntityRef}: ${response.plan.review}, ${response.plan.changedFiles.length} file(s) at ${snapshot.commit.slice(0, 12)}`,
    );
    res.json(response);
  });

  router.get('/diagnostics', async (_req, res) => {
    const snapshot = await view.snapshot();
    const { model, diagnostics } = view.validation(snapshot);
    const body: DiagnosticsRouteResponse = {
      commit: snapshot.commit,
      branch: snapshot.branch,
      parsed: !!model,
      counts: {
        errors: diagnostics.filter((d) => d.severity === 'error').length,
        warnings: diagnostics.filter((d) => d.severity === 'warning').length,
      },
      diagnostics,
    };
    res.json(body);
  });

  return router;
}

/** The body of `POST /plan`: the request's kind when it is one (it decides the permissions), its other fields, and the request as sent. */
interface PlanBody {
  readonly kind?: RequestKind;
  readonly fields: Record<string, unknown>;
  readonly sent: Record<string, unknown>;
}

/** `{ request: { kind, ... } }`, else InputError. */
function planBody(body: unknown): PlanBody {
  const sent = (body as { request?: unknown } | undefined)?.request;
  if (!sent || typeof sent !== 'object' || Array.isArray(sent)) {
    throw new InputError('the body must be { "request": { "kind": ..., ... } }: a change request as an object');
  }
  const { kind, ...fields } = sent as Record<string, unknown>;
  return { ...(isRequestKind(kind) ? { kind } : {}), fields, sent: sent as Record<string, unknown> };
}

/** The permissions the actions check, for this kind (platform-only kinds need the platform permission too): NotAllowedError otherwise. */
async function authorizePlan(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  kind: RequestKind | undefined,
): Promise<void> {
  const needed = kind ? permissionsToPlan(kind) : [platterPlanPermission];
  const decisions = await permissions.authorize(
    needed.map((permission) => ({ permission })),
    { credentials },
  );
  const denied = needed.find((_, i) => decisions[i]?.result !== AuthorizeResult.ALLOW);
  if (denied) throw new NotAllowedError(`not allowed to plan ${kind ?? 'Platter'} requests (${denied.name})`);
}

/**
 * The preview: the user's actor, the request parsed once (picker refs
 * translated by the actions' own normalizeInput), its secrets swapped for
 * placeholders (previewSecrets.ts), planned on the snapshot; the response
 * shows secret files by their keys only. An upgrade campaign's wave that still
 * soaks is refused first (gitops-repo's checkCampaignSoak over the history clone).
 */
async function previewPlan(
  view: RepositoryView,
  snapshot: RepositorySnapshot,
  identity: PlatterIdentity,
  body: PlanBody,
  publish: RouterOptions['publish'],
  history: RouterOptions['history'],
): Promise<PlanRouteResponse> {
  const fleet = view.ownership(snapshot);
  // A repository without a model cannot say who owns what: plan() rejects it anyway.
  const actor: Actor = fleet
    ? resolveActor(fleet, identity)
    : { kind: 'tenant', tenant: '', user: identity.userEntityRef };
  const request = parseRequest(
    body.kind
      ? { kind: body.kind, ...normalizeInput(body.kind, body.fields, { tenants: () => fleet?.tenants ?? [] }) }
      : body.sent,
  );
  // An upgrade campaign's wave that still soaks is refused here as in the action (issue 19 §3).
  await checkCampaignSoak(history, snapshot, () => view.fleet(snapshot), request, view.now());
  const preview = toPreviewRequest(snapshot.tree, request);
  // On the commit as parsed once for every plan (issue 17): only what the request touches is parsed again.
  const p = plan(snapshot.tree, preview.request, {
    actor,
    now: view.now(),
    baseCommit: snapshot.commit,
    base: view.base(snapshot),
  });
  return {
    plan: {
      title: p.title,
      requestHash: p.requestHash,
      ...(p.baseCommit ? { baseCommit: p.baseCommit } : {}),
      review: p.review,
      affected: p.affected,
      needsSecrets: p.needsSecrets,
      diagnostics: p.diagnostics,
      changedFiles: p.changes.map((c) => ({
        path: c.path,
        op: c.op,
        ...(preview.secretFiles.has(c.path) ? { encrypted: true as const } : {}),
      })),
      // Secret values never appear in it: Secrets show their keys only (issue 18).
      ...(p.renderedDiff ? { renderedDiff: p.renderedDiff } : {}),
    },
    diff: unifiedDiff(displayChanges(p.changes, preview.secretFiles)),
    publish: publishPathOf(publish, p.review, snapshot.branch, request),
  };
}

/** What platter:publish will do with this plan: the mode by the one rule (publishModeFor), and the branch. */
function publishPathOf(
  publish: RouterOptions['publish'],
  review: ReviewPath,
  targetBranch: string,
  request: ChangeRequest,
): PlanRoutePublish {
  const mode = publishModeFor(publish?.mode, review, !!publish?.host);
  return {
    mode,
    targetBranch,
    branch: mode === 'direct' ? targetBranch : requestBranchName(request),
    ...(publish?.host ? { host: publish.host } : {}),
  };
}

/** HTTP status of the Backstage errors a Platter refusal maps to (toBackstageError). */
const REFUSAL_STATUS: Record<string, number> = {
  InputError: 400,
  NotAllowedError: 403,
  ConflictError: 409,
  ServiceUnavailableError: 503,
};

/**
 * A Platter refusal as the form shows it (issue 23 item 1): every finding as
 * data (code, request field, message, fix) and the error's name and message,
 * never its stack or cause (also not in development mode: the route writes
 * the body itself instead of Backstage's error middleware). Undefined for
 * anything that is not a mapped Platter error.
 */
function planRefusal(
  error: unknown,
  request: Record<string, unknown>,
): { status: number; body: PlanRejectionBody } | undefined {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const status = REFUSAL_STATUS[(error as Error | undefined)?.name ?? ''];
  if (!status || !isPlatterError(cause)) return undefined;
  const diagnostics = isRequestRejected(cause)
    ? cause.diagnostics
    : [
        {
          code: cause.code,
          severity: 'error' as const,
          message: cause.message,
          ...(cause.path ? { path: cause.path } : {}),
        },
      ];
  return {
    status,
    body: {
      error: { name: (error as Error).name, message: (error as Error).message },
      response: { statusCode: status },
      findings: diagnostics.map((d) => toPlanFinding(d, request)),
    },
  };
}
