import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { RequestsRouteResponse } from '@platter/plugin-platter-common';
import { usePlatterGet } from '../Lifecycle/useLifecycle';

/** Props of {@link EnvironmentReviews}. */
export interface EnvironmentReviewsProps {
  /** The environment. */
  readonly env: string;
}

/**
 * The open Platter reviews that touch one environment (issue 20), for the
 * EnvironmentCard: the review branches `platter/*` the backend reads from Git
 * (`GET /requests`, as "My requests": the platform team sees all, a tenant
 * member theirs) whose changes name the env, each linked to the host's view
 * when an integration serves the remote. Nothing while loading, when there is
 * none, or when the backend cannot answer (the card's own facts still show).
 */
export function EnvironmentReviews(props: EnvironmentReviewsProps) {
  const state = usePlatterGet<RequestsRouteResponse>('/requests');
  const open = (state.value?.requests ?? []).filter((r) => r.state === 'open' && r.environments.includes(props.env));
  if (!open.length) return null;
  return (
    <Box mb={2} data-testid="platter-open-reviews">
      <Typography variant="subtitle2">
        {open.length === 1 ? 'An open review touches' : `${open.length} open reviews touch`} {props.env}
      </Typography>
      <ul aria-label={`Open reviews touching ${props.env}`} style={{ margin: 0, paddingLeft: 20 }}>
        {open.map((r) => (
          <li key={r.branch}>
            {r.url ? <Link to={r.url}>{r.title}</Link> : r.title}
            <Typography variant="caption" color="textSecondary">
              {' '}
              · {r.requestedBy ?? 'unknown'} · {r.date.slice(0, 10)} · {r.branch}
            </Typography>
          </li>
        ))}
      </ul>
    </Box>
  );
}
