import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { RequestsRouteResponse } from '@platter/plugin-platter-common';
import { usePlatterGet } from '../Lifecycle/useLifecycle';
import { HostIcon, reviewName } from '../MyRequestsPage/ReviewLink';

/** Props of {@link EnvironmentReviews}. */
export interface EnvironmentReviewsProps {
  /** The environment. */
  readonly env: string;
}

/**
 * The open Platter reviews that touch one environment (issue 20), for the
 * EnvironmentCard (`GET /requests`, as "My requests": the platform team sees
 * all, a tenant member theirs) whose changes name the env: a branch with an
 * open PR/MR shows as it (`Pull request #7` / `Merge request !7`, its author and
 * reviewers, linked to it), one without as its branch (linked to the host's
 * compare view when there is a host). When the host could not be read, a line
 * says so. Nothing while loading, when there is none, or when the backend
 * cannot answer (the card's own facts still show).
 */
export function EnvironmentReviews(props: EnvironmentReviewsProps) {
  const state = usePlatterGet<RequestsRouteResponse>('/requests');
  const host = state.value?.host;
  const open = (state.value?.requests ?? []).filter((r) => r.state === 'open' && r.environments.includes(props.env));
  if (!open.length) return null;
  return (
    <Box mb={2} data-testid="platter-open-reviews">
      <Typography variant="subtitle2">
        {open.length === 1 ? 'An open review touches' : `${open.length} open reviews touch`} {props.env}
      </Typography>
      <ul aria-label={`Open reviews touching ${props.env}`} style={{ margin: 0, paddingLeft: 20 }}>
        {open.map((r) => {
          const review = r.review;
          const who = review?.author ?? r.requestedBy ?? 'unknown';
          const details = [
            ...(review ? [reviewName(host?.kind, review.number) + (review.draft ? ' (draft)' : '')] : [r.branch]),
            who,
            ...(review?.reviewers.length ? [`reviewers ${review.reviewers.join(', ')}`] : []),
            r.date.slice(0, 10),
          ];
          return (
            <li key={r.branch}>
              {r.url ? (
                <Link to={r.url}>
                  {review && <HostIcon kind={host?.kind} />}
                  {review?.title ?? r.title}
                </Link>
              ) : (
                r.title
              )}
              <Typography variant="caption" color="textSecondary">
                {' '}
                · {details.join(' · ')}
              </Typography>
            </li>
          );
        })}
      </ul>
      {state.value?.hostUnavailable && (
        <Typography variant="caption" color="textSecondary" role="status">
          {state.value.hostUnavailable}
        </Typography>
      )}
    </Box>
  );
}
