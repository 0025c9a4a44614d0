import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF, type UserEntity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, type BasicPermission } from '@backstage/plugin-permission-common';
import { normalizeRef, type PlatterIdentity } from '@platter/plugin-platter-node';

/** What readTaskIdentity reads of an action's context. */
export interface TaskUser {
  readonly getInitiatorCredentials: () => Promise<BackstageCredentials>;
  readonly user?: { readonly entity?: UserEntity; readonly ref?: string };
  readonly logger?: LoggerService;
}

export interface IdentityDeps {
  readonly permissions: PermissionsService;
  readonly userInfo?: UserInfoService;
}

export interface TaskIdentity {
  readonly credentials: BackstageCredentials;
  readonly identity: PlatterIdentity;
}

/**
 * Who a task acts for, and whether they may ask at all.
 *
 * The user is the task's initiator (ctx.getInitiatorCredentials(): the scaffolder
 * stores the creator's, or a retrier's, credentials with the task); a task without
 * a user principal is refused, because Platter's review policy decides by person.
 * Their groups are the ownership refs of the userInfo service (the token's
 * claims), together with the `memberOf` relations of the user entity the
 * scaffolder read from the catalog when the task was created (ctx.user), when that
 * entity is the same user. Backstage's default sign-in resolvers put exactly those
 * relations into the token, so the two agree; each covers the other when it is
 * missing (no userInfo service, a token without claims, a user not in the catalog).
 * platter-node's resolveActor then maps the identity to a Platter actor.
 */
export async function readTaskIdentity(ctx: TaskUser, deps: IdentityDeps): Promise<TaskIdentity> {
  const credentials = await ctx.getInitiatorCredentials();
  const principal = credentials.principal as { type?: string; userEntityRef?: string };
  if (principal?.type !== 'user' || !principal.userEntityRef) {
    throw new NotAllowedError(
      `Platter requests are made for a user; this task was started by a ${principal?.type ?? 'unknown'} principal`,
    );
  }
  const userEntityRef = principal.userEntityRef;
  const refs = new Set<string>([userEntityRef]);
  if (deps.userInfo) {
    try {
      for (const r of (await deps.userInfo.getUserInfo(credentials)).ownershipEntityRefs) refs.add(r);
    } catch (e) {
      ctx.logger?.warn(
        `userInfo has nothing for ${userEntityRef} (${(e as Error).message}); using the catalog's memberOf relations`,
      );
    }
  }
  const entity = ctx.user?.entity;
  if (entity && ctx.user?.ref && normalizeRef(ctx.user.ref) === normalizeRef(userEntityRef)) {
    for (const r of entity.relations ?? []) if (r.type === RELATION_MEMBER_OF) refs.add(r.targetRef);
  }
  return { credentials, identity: { userEntityRef, ownershipEntityRefs: [...refs] } };
}

/** NotAllowedError unless the permission service allows every one of `permissions` for `credentials`. */
export async function authorize(
  deps: IdentityDeps,
  credentials: BackstageCredentials,
  userEntityRef: string,
  permissions: readonly BasicPermission[],
  what: string,
): Promise<void> {
  const decisions = await deps.permissions.authorize(
    permissions.map((permission) => ({ permission })),
    { credentials },
  );
  const denied = permissions.filter((_, i) => decisions[i]?.result !== AuthorizeResult.ALLOW);
  if (denied.length) {
    throw new NotAllowedError(
      `${userEntityRef} may not ${what} (permission ${denied.map((p) => p.name).join(', ')} denied)`,
    );
  }
}
