import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import type { OutdatedItem } from '@platter/model';
import { useLifecycle } from './useLifecycle';

/** Props of {@link EnvironmentLifecycleBadges}. */
export interface EnvironmentLifecycleBadgesProps {
  /** The environment. */
  readonly env: string;
}

/**
 * The lifecycle badges of one environment (issue 19), for the EnvironmentCard:
 * an active change freeze (its reason, until when, who may override) and what
 * it runs that is outdated (behind, deprecated with days left, past sunset,
 * apps behind the stage they promote from). Nothing while loading, nothing when
 * the backend cannot answer (the card's own facts still show).
 */
export function EnvironmentLifecycleBadges(props: EnvironmentLifecycleBadgesProps) {
  const state = useLifecycle(props.env);
  if (!state.value) return null;
  const freezes = state.value.freezes.filter((f) => f.active && f.reaches.includes(props.env));
  const items = state.value.outdated.environments.find((e) => e.env === props.env)?.items ?? [];
  if (!freezes.length && !items.length) return null;
  return (
    <Box mb={2} data-testid="platter-lifecycle-badges" display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {freezes.map((f) => (
        <Chip
          key={`freeze-${f.name}`}
          size="small"
          color="secondary"
          label={`Frozen: ${f.reason} (until ${f.until ?? 'lifted'})`}
          title={`Freeze "${f.name}" from ${f.from}${f.overrideBy.length ? `; override: ${f.overrideBy.join(', ')} (to review)` : ''}`}
        />
      ))}
      {items.map((i) => (
        <Chip key={`${i.reason}-${i.subject}`} size="small" variant="outlined" label={outdatedLabel(i)} />
      ))}
    </Box>
  );
}

/** One outdated finding as a short badge text. */
export function outdatedLabel(i: OutdatedItem): string {
  switch (i.reason) {
    case 'behind':
      return `${i.subject} ${i.version} → ${i.newer}`;
    case 'deprecated':
      return `${i.subject} ${i.version} deprecated${i.daysLeft !== undefined ? `, ${i.daysLeft} days to sunset` : ''}`;
    case 'sunset':
      return `${i.subject} ${i.version} past sunset (${i.sunset})`;
    case 'app-behind':
      return `app ${i.subject} ${i.version} behind ${i.from} (${i.newer})`;
    case 'pinned':
      return `${i.subject} pinned ${i.version} (stage: ${i.newer})`;
  }
}
