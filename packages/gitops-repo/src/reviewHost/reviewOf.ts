import { byteOrder } from '@platter/model';
import { codeownersOf, dangersOf, formatRenderedDiff, toYaml, type Plan } from '@platter/render';
import type { ReviewRequest } from './ReviewHost';

/** Who asked and from where, for the review's description. */
export interface ReviewSource {
  /** `user:default/jane`, or `platter ci promote`. */
  readonly requester: string;
  /** `scaffolder task 1234`, `pipeline 42`. */
  readonly via: string;
  /** The repository's CODEOWNERS (on the target branch): the reviewers of the changed paths. */
  readonly codeowners?: string;
  /** Extra paragraphs after the summary (a promotion's evidence). */
  readonly notes?: readonly string[];
}

/** Bodies past this are cut: GitHub refuses descriptions over 65,536 characters. */
const DIFF_LIMIT = 40_000;
const RENDERED_DIFF_LIMIT = 20_000;

/**
 * What a review of a plan carries (issue 20): the plan's title; a description
 * with the summary, the review path and why (the owners of each changed path,
 * the danger findings), the affected stages and envs, the rendered diff when the
 * plan has one (open when it has danger findings), the file diff and the
 * request as YAML; labels `platter`, `kind:<Kind>` and `stage:<stage>` per
 * affected stage; reviewers: the CODEOWNERS owners of the changed paths, a
 * sorted set. Pure: the same plan gives the same bytes.
 */
export function reviewOf(
  plan: Plan,
  source: ReviewSource,
): Pick<ReviewRequest, 'title' | 'body' | 'labels' | 'reviewers'> {
  const owners = ownersOfChanges(plan, source.codeowners);
  const reviewers = [...new Set([...owners.values()].flat())].sort(byteOrder);
  const labels = ['platter', `kind:${plan.request.kind}`, ...plan.affected.stages.map((s) => `stage:${s}`)];
  return { title: plan.title, body: reviewBodyOf(plan, source, owners), labels, reviewers };
}

/** Each changed path's owners by CODEOWNERS (empty when there is no CODEOWNERS or no rule names anyone). */
function ownersOfChanges(plan: Plan, codeowners: string | undefined): Map<string, string[]> {
  return new Map(plan.changes.map((c) => [c.path, (codeowners && codeownersOf(codeowners, c.path)) || []]));
}

function reviewBodyOf(plan: Plan, source: ReviewSource, owners: Map<string, string[]>): string {
  const dangers = plan.renderedDiff ? dangersOf(plan.renderedDiff) : [];
  const files = plan.changes.map((c) => {
    const by = owners.get(c.path) ?? [];
    return `- \`${c.op}\` ${c.path}${by.length ? ` (owners: ${by.join(' ')})` : ''}`;
  });
  const diff = plan.diff.length > DIFF_LIMIT ? `${plan.diff.slice(0, DIFF_LIMIT)}\n… (diff truncated)` : plan.diff;
  return [
    plan.title,
    '',
    `Requested by ${source.requester} (${source.via}).`,
    ...(source.notes?.length ? ['', ...source.notes] : []),
    '',
    `**Review: ${plan.review}**${whyOf(plan, dangers.length)}`,
    '',
    `Stages: ${plan.affected.stages.join(', ') || 'none'} · Environments: ${plan.affected.environments.join(', ') || 'none'}`,
    '',
    `Files (${plan.changes.length}):`,
    ...files.slice(0, 50),
    ...(files.length > 50 ? [`- … and ${files.length - 50} more`] : []),
    '',
    ...renderedDiffSection(plan, dangers.length),
    '<details><summary>Diff</summary>',
    '',
    '```diff',
    diff,
    '```',
    '</details>',
    '',
    '<details><summary>Request</summary>',
    '',
    '```yaml',
    toYaml(plan.request).replace(/\n$/, ''),
    '```',
    '</details>',
    '',
    `Platter-Request: ${plan.requestHash}`,
  ].join('\n');
}

function whyOf(plan: Plan, dangers: number): string {
  if (plan.review === 'direct') return ': every changed path is the requester’s own.';
  const reasons = [
    ...(dangers ? [`${dangers} danger finding${dangers === 1 ? '' : 's'} in what Flux applies`] : []),
    'it changes paths the platform team owns (owners below)',
  ];
  return `: ${reasons.join('; ')}.`;
}

/** The rendered diff: open when it has danger findings (issue 18). */
function renderedDiffSection(plan: Plan, dangers: number): string[] {
  if (!plan.renderedDiff) return [];
  const text = formatRenderedDiff(plan.renderedDiff);
  return [
    ...(dangers ? [`**${dangers} danger finding${dangers === 1 ? '' : 's'}** in what Flux applies (below).`, ''] : []),
    `<details${dangers ? ' open' : ''}><summary>What Flux applies, per environment</summary>`,
    '',
    '```',
    text.length > RENDERED_DIFF_LIMIT
      ? `${text.slice(0, RENDERED_DIFF_LIMIT)}\n… (truncated)`
      : text.replace(/\n$/, ''),
    '```',
    '</details>',
    '',
  ];
}
