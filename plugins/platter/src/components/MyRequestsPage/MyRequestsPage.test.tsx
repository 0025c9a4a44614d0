import type { RequestsRouteResponse } from '@platter/plugin-platter-common';
import { screen, within } from '@testing-library/react';
import { platterApiRef } from '../../api/ref';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { MyRequestsPage } from './MyRequestsPage';

const request = {
  branch: 'platter/enable-addon/ingress-nginx-internal-lb-prod-eu',
  commit: '0123456789abcdef0123456789abcdef01234567',
  title: 'Enable ingress-nginx addon internal-lb for env prod-eu',
  requestedBy: 'user:default/jane',
  date: '2026-12-06T23:00:00+00:00',
  files: ['envs/prod-eu/kustomization.yaml'],
  environments: ['prod-eu'],
  state: 'open' as const,
};

describe('MyRequestsPage', () => {
  it.each<[string, RequestsRouteResponse, (table: ReturnType<typeof within>) => void]>([
    [
      'a branch without a host: its name; the env and the requester link to their pages',
      { scope: 'team-a', targetBranch: 'main', requests: [request] },
      (row) => {
        expect(row.getByText(request.branch)).toBeInTheDocument();
        expect(row.getByRole('link', { name: 'prod-eu' })).toHaveAttribute(
          'href',
          '/catalog/default/resource/env-prod-eu',
        );
      },
    ],
    [
      'a branch on a host links to its compare view',
      {
        scope: 'all',
        targetBranch: 'main',
        requests: [{ ...request, url: 'https://github.com/o/fleet/compare/main...x' }],
      },
      (row) => {
        expect(row.getByRole('link', { name: new RegExp(request.branch) })).toHaveAttribute(
          'href',
          'https://github.com/o/fleet/compare/main...x',
        );
      },
    ],
    [
      'a branch with an open pull request shows as it: link, number, reviewers, who reviews it',
      {
        scope: 'all',
        targetBranch: 'main',
        host: { kind: 'github', noun: 'pull request', webUrl: 'https://github.com/o/fleet' },
        requests: [
          {
            ...request,
            url: 'https://github.com/o/fleet/pull/7',
            review: {
              number: 7,
              url: 'https://github.com/o/fleet/pull/7',
              title: request.title,
              author: 'platter-bot',
              reviewers: ['alice', 'o/platform'],
              draft: false,
              labels: ['platter'],
            },
          },
        ],
      },
      (row) => {
        const pr = row.getByRole('link', { name: /Pull request #7/ });
        expect(pr).toHaveAttribute('href', 'https://github.com/o/fleet/pull/7');
        expect(within(pr).getByTitle('GitHub')).toBeInTheDocument();
        expect(row.getByText('alice, o/platform')).toBeInTheDocument();
        expect(row.queryByText(request.branch)).toBeNull();
      },
    ],
    [
      'the host could not be read: the branch, and a note above the table',
      {
        scope: 'all',
        targetBranch: 'main',
        host: { kind: 'github', noun: 'pull request', webUrl: 'https://github.com/o/fleet' },
        hostUnavailable: 'GitHub answered 401 (Bad credentials): showing the review branches from Git',
        requests: [{ ...request, url: 'https://github.com/o/fleet/compare/main...x' }],
      },
      (row) => {
        expect(row.getByRole('link', { name: new RegExp(request.branch) })).toBeInTheDocument();
        expect(screen.getByText(/GitHub answered 401/)).toBeInTheDocument();
      },
    ],
  ])('%s', async (_name, response, check) => {
    await renderInPlatterTestApp(<MyRequestsPage />, {
      apis: [[platterApiRef, { requests: jest.fn().mockResolvedValue(response) }]],
    });
    const table = await screen.findByRole('table', { name: 'Open requests' });
    const row = within(within(table).getByText(request.title).closest('tr')!);
    check(row);
  });

  it('says when nothing waits', async () => {
    await renderInPlatterTestApp(<MyRequestsPage />, {
      apis: [
        [
          platterApiRef,
          { requests: jest.fn().mockResolvedValue({ scope: 'team-a', targetBranch: 'main', requests: [] }) },
        ],
      ],
    });
    expect(await screen.findByText(/No open requests of team team-a/)).toBeInTheDocument();
  });
});
