import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import GitHubIcon from '@material-ui/icons/GitHub';
import MergeTypeIcon from '@material-ui/icons/MergeType';
import type { RequestsRouteResponse } from '@platter/plugin-platter-common';

type RequestItem = RequestsRouteResponse['requests'][number];
type HostKind = NonNullable<RequestsRouteResponse['host']>['kind'];

/**
 * What a review is called on its host, with its number as the host writes it:
 * `Pull request #7` (GitHub), `Merge request !7` (GitLab: merge requests are
 * `!iid` there, and GitHub's mark would be wrong).
 */
export function reviewName(kind: HostKind | undefined, number: number): string {
  return kind === 'gitlab' ? `Merge request !${number}` : `Pull request #${number}`;
}

/**
 * The host's icon: GitHub's mark for GitHub; for GitLab a merge icon (Material
 * has no GitLab mark, and GitHub's would say the wrong host). The same key the
 * task output links use (`github`, `gitlab`: the app registers `gitlab`).
 */
export function HostIcon({ kind }: { kind: HostKind | undefined }) {
  const style = { fontSize: '1em', verticalAlign: 'text-bottom', marginRight: 4 } as const;
  return kind === 'gitlab' ? (
    <MergeTypeIcon style={style} titleAccess="GitLab" />
  ) : (
    <GitHubIcon style={style} titleAccess="GitHub" />
  );
}

/**
 * Where a request is reviewed (issue 20): its open PR/MR on the host (icon,
 * `Pull request #7` / `Merge request !7`, draft), else its branch, linked to the
 * host's compare view when there is a host, else the branch name alone.
 */
export function ReviewLink({ request, host }: { request: RequestItem; host?: RequestsRouteResponse['host'] }) {
  const review = request.review;
  if (review) {
    return (
      <>
        <Link to={review.url}>
          <HostIcon kind={host?.kind} />
          {reviewName(host?.kind, review.number)}
        </Link>
        {review.draft && ' (draft)'}
      </>
    );
  }
  return request.url ? <Link to={request.url}>{request.branch}</Link> : <code>{request.branch}</code>;
}

/** Who asked: the Backstage user who submitted it (a link), else the review's author on the host. */
export function RequestedBy({ request }: { request: RequestItem }) {
  return request.requestedBy?.startsWith('user:') ? (
    <EntityRefLink entityRef={request.requestedBy} hideIcon />
  ) : (
    <>{request.requestedBy ?? request.review?.author ?? '—'}</>
  );
}
