import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { act, screen, waitFor, within } from '@testing-library/react';
import type { RequestsRouteResponse } from '@platter/plugin-platter-common';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { EnvironmentReviews } from './EnvironmentReviews';

// The backend is a boundary here: GET /requests answers from a fixed fetch.
const review = (branch: string, environments: string[], extra: object = {}) => ({
  branch,
  commit: 'c0ffee',
  title: `Title of ${branch}`,
  requestedBy: 'user:default/jane',
  date: '2026-12-01T10:00:00Z',
  files: [],
  environments,
  state: 'open' as const,
  ...extra,
});
const ANSWER: RequestsRouteResponse = {
  scope: 'all',
  targetBranch: 'main',
  requests: [
    review('platter/rollback/shop-prod', ['prod-eu', 'prod-us'], { url: 'https://github.com/o/r/compare/main...x' }),
    review('platter/enable-addon/waf-prod-eu', ['prod-eu']),
    review('platter/promote-app/cart', ['staging-eu']),
    review('platter/merged/one', ['prod-eu'], { state: 'merged' }),
  ],
};
const fetched = jest.fn();
const apis = (answer: unknown, ok = true) =>
  [
    [discoveryApiRef, { getBaseUrl: async () => 'http://platter.test/api/platter' }],
    [
      fetchApiRef,
      {
        fetch: async (url: string) => {
          fetched(url);
          return { ok, status: ok ? 200 : 404, json: async () => answer };
        },
      },
    ],
  ] as const;

describe('EnvironmentReviews', () => {
  it('lists the open reviews that touch the env, linked where the host shows them', async () => {
    await renderInPlatterTestApp(<EnvironmentReviews env="prod-eu" />, { apis: apis(ANSWER) });
    const list = within(await screen.findByRole('list', { name: 'Open reviews touching prod-eu' }));
    expect(screen.getByText('2 open reviews touch prod-eu')).toBeInTheDocument();
    expect(list.getByRole('link', { name: /^Title of platter\/rollback\/shop-prod/ })).toHaveAttribute(
      'href',
      'https://github.com/o/r/compare/main...x',
    );
    expect(list.getByText('Title of platter/enable-addon/waf-prod-eu')).toBeInTheDocument();
    expect(list.queryByText(/cart|merged/)).toBeNull();
  });

  it.each([
    ['github', 'Pull request #12', 'GitHub'],
    ['gitlab', 'Merge request !12', 'GitLab'],
  ] as const)('a branch with an open review on %s shows as it, in its words', async (kind, name, mark) => {
    const answer: RequestsRouteResponse = {
      scope: 'all',
      targetBranch: 'main',
      host: { kind, noun: 'review', webUrl: 'https://host.example/o/r' },
      hostUnavailable: undefined,
      requests: [
        review('platter/enable-addon/waf-prod-eu', ['prod-eu'], {
          url: 'https://host.example/o/r/reviews/12',
          review: {
            number: 12,
            url: 'https://host.example/o/r/reviews/12',
            title: 'Enable waf on prod-eu',
            author: 'jane',
            reviewers: ['alice'],
            draft: false,
            labels: ['platter'],
          },
        }),
      ],
    };
    await renderInPlatterTestApp(<EnvironmentReviews env="prod-eu" />, { apis: apis(answer) });
    const list = within(await screen.findByRole('list', { name: 'Open reviews touching prod-eu' }));
    const link = list.getByRole('link', { name: /Enable waf on prod-eu/ });
    expect(link).toHaveAttribute('href', 'https://host.example/o/r/reviews/12');
    expect(within(link).getByTitle(mark)).toBeInTheDocument();
    expect(list.getByText(new RegExp(`${name.replace(/[#!]/, '.')} · jane · reviewers alice`))).toBeInTheDocument();
  });

  it('notes when the host could not be read', async () => {
    await renderInPlatterTestApp(<EnvironmentReviews env="prod-eu" />, {
      apis: apis({ ...ANSWER, hostUnavailable: 'GitHub answered 503 (down): showing the review branches from Git' }),
    });
    expect(await screen.findByRole('status')).toHaveTextContent('GitHub answered 503');
  });

  it.each([
    ['no open review touches the env', ANSWER, true, 'prod-ap'],
    ['the backend reads no review branches (404)', {}, false, 'prod-eu'],
  ])('shows nothing when %s', async (_name, answer, ok, env) => {
    await renderInPlatterTestApp(<EnvironmentReviews env={env} />, { apis: apis(answer, ok) });
    await waitFor(() => expect(fetched).toHaveBeenCalledWith('http://platter.test/api/platter/requests'));
    await act(async () => undefined); // the answer has been rendered (or not)
    expect(screen.queryByTestId('platter-open-reviews')).toBeNull();
  });
});
