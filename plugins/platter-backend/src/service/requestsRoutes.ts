import Router from 'express-promise-router';
import type express from 'express';
import type { HttpAuthService, UserInfoService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { layout, tenantsOwnedBy, type Fleet } from '@platter/model';
import type {
  PlanRoutePublish,
  RequestsRouteResponse,
  TenantRouteResponse,
  TenantsRouteResponse,
} from '@platter/plugin-platter-common';
import { resolveActor } from '@platter/plugin-platter-node';
import type { ReviewBranch } from './openRequests';
import type { RepositoryView } from './repositoryView';
import { mergeWithHostReviews, type HostReviews } from './hostReviews';

/** What the route reads the review branches from (ReviewBranches). */
export interface ReviewBranchSource {
  list(targetBranch: string): Promise<ReviewBranch[]>;
}

/**
 * `GET /requests` ("My requests", issue 23 item 2): the review branches
 * `platter/*` publish pushed and the platform has not merged, read from Git,
 * for the caller: the platform team sees every one; a tenant member the ones
 * they requested and the ones that touch their tenant (`tenants/<t>/`, or the
 * `apps/<app>/` of its apps). Merged branches are left out.
 * `GET /requests?group=<ref>` (the group page's card): the ones that touch the
 * tenant that group owns, whoever asks (as `GET /tenant` shows its apps), and
 * the caller's own when the caller is of the group.
 *
 * With a review host (issue 20), its open PRs/MRs are merged in
 * (mergeWithHostReviews: a branch with one shows as it, one without stays a
 * branch linked to the compare view), read at most once per interval
 * (HostReviews). When the host cannot be read, the answer is the branches
 * with `hostUnavailable` saying why: never a 500 for the host's sake.
 */
export function createRequestsRouter(options: {
  readonly view: RepositoryView;
  readonly httpAuth: HttpAuthService;
  readonly userInfo: UserInfoService;
  /** Without it, `GET /requests` is 404 (a backend that reads no review branches). */
  readonly branches?: ReviewBranchSource;
  readonly host?: PlanRoutePublish['host'];
  /** The host's open reviews (cached); without it, branches only. */
  readonly hostReviews?: HostReviews;
  readonly targetBranch?: string;
}): express.Router {
  const router = Router();
  router.get('/requests', async (req, res) => {
    if (!options.branches) throw new NotFoundError('this backend reads no review branches');
    const branches = options.branches;
    const group = req.query.group;
    if (group !== undefined && (typeof group !== 'string' || !group))
      throw new InputError('query parameter group must be a group entity ref');
    const credentials = await options.httpAuth.credentials(req, { allow: ['user'] });
    const identity = await options.userInfo.getUserInfo(credentials);
    const snapshot = await options.view.snapshot();
    // The whole fleet: a tenant's requests are found by its apps' paths too.
    const fleet = options.view.fleet(snapshot);
    const actor = fleet ? resolveActor(fleet, identity) : undefined;
    const target = options.targetBranch ?? snapshot.branch;
    // ?group=: the requests touching the tenant the group owns; else the caller's.
    const groupTenant = group && fleet ? tenantsOwnedBy(fleet.tenants, [group])[0]?.name : undefined;
    // A group's: those touching its tenant, and the caller's own when the caller is of the group (the
    // tenant's scope of My requests; other members' requests elsewhere are theirs to see).
    const wanted = (b: ReviewBranch): boolean =>
      group
        ? !!groupTenant &&
          (touchesTenant(fleet!, groupTenant, b.files) ||
            (identity.ownershipEntityRefs.includes(group) && b.requestedBy === identity.userEntityRef))
        : actor?.kind === 'platform' ||
          b.requestedBy === identity.userEntityRef ||
          (actor?.kind === 'tenant' && !!fleet && touchesTenant(fleet, actor.tenant, b.files));
    const [listed, onHost] = await Promise.all([branches.list(target), options.hostReviews?.read()]);
    const requests = mergeWithHostReviews(
      listed.filter((b) => b.state === 'open'),
      target,
      options.host,
      onHost?.reviews,
    ).filter(wanted);
    const body: RequestsRouteResponse = {
      scope: group
        ? (groupTenant ?? '')
        : actor?.kind === 'platform'
          ? 'all'
          : actor?.kind === 'tenant' && actor.tenant
            ? actor.tenant
            : 'mine',
      targetBranch: target,
      ...(options.host ? { host: options.host } : {}),
      ...(onHost?.error ? { hostUnavailable: `${onHost.error}: showing the review branches from Git` } : {}),
      requests,
    };
    res.json(body);
  });

  /**
   * `GET /tenants`: the tenants the caller may request for, for the Team
   * field (issue 23 item 5): the platform team every tenant, anyone else the
   * tenants whose owner group they are in (tenantsOwnedBy, as resolveActor).
   */
  router.get('/tenants', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, { allow: ['user'] });
    const identity = await options.userInfo.getUserInfo(credentials);
    const fleet = options.view.ownership(await options.view.snapshot());
    const actor = fleet ? resolveActor(fleet, identity) : undefined;
    const all = actor?.kind === 'platform';
    const tenants = !fleet ? [] : all ? fleet.tenants : tenantsOwnedBy(fleet.tenants, identity.ownershipEntityRefs);
    const body: TenantsRouteResponse = {
      all,
      tenants: tenants.map((t) => ({ name: t.name, owner: t.owner, stages: [...t.stages] })),
    };
    res.json(body);
  });

  /** `GET /tenant?group=<ref>`: the tenant the group owns, its apps and where they run (the group's page, issue 23 item 4). */
  router.get('/tenant', async (req, res) => {
    const group = req.query.group;
    if (typeof group !== 'string' || !group)
      throw new InputError('query parameter group (a group entity ref) is required');
    // The whole fleet (apps too), parsed once per commit.
    const fleet = options.view.fleet(await options.view.snapshot());
    const tenant = fleet ? tenantsOwnedBy(fleet.tenants, [group])[0] : undefined;
    const body: TenantRouteResponse = tenant
      ? {
          tenant: {
            name: tenant.name,
            namespaces: [...tenant.namespaces],
            stages: [...tenant.stages],
            apps: fleet!.apps
              .filter((a) => a.tenant === tenant.name)
              .map((a) => ({
                name: a.name,
                deployments: a.deployments.map((d) =>
                  d.stage !== undefined ? { stage: d.stage, version: d.version } : { env: d.env, version: d.version },
                ),
              })),
          },
        }
      : {};
    res.json(body);
  });
  return router;
}

/** Does a change to these files touch the tenant: its own directory, or an app of it. */
function touchesTenant(fleet: Fleet, tenant: string, files: readonly string[]): boolean {
  if (!tenant) return false;
  const dirs = [
    `${layout.tenantDir(tenant)}/`,
    ...fleet.apps.filter((a) => a.tenant === tenant).map((a) => `${layout.appDir(a.name)}/`),
  ];
  return files.some((f) => dirs.some((d) => f.startsWith(d)));
}
