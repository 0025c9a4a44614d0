import type { Entity } from '@backstage/catalog-model';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import type { RequestsRouteResponse } from '@platter/plugin-platter-common';
import { screen, within } from '@testing-library/react';
import platterPlugin from '../../alpha';
import { platterApiRef } from '../../api/ref';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { GroupRequestsCard } from './GroupRequestsCard';

// The backend is a boundary here: GET /requests?group= answers from a fixed stand-in.
const teamA: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a', namespace: 'default' },
  spec: { type: 'team', children: [] },
};
const item = (branch: string, extra: object = {}) => ({
  branch,
  commit: 'c0ffee',
  title: `Title of ${branch}`,
  requestedBy: 'user:default/jane',
  date: '2026-12-06T10:00:00Z',
  files: [],
  environments: [],
  state: 'open' as const,
  ...extra,
});
const review = (number: number, draft = false) => ({
  number,
  url: `https://gitlab.example.com/acme/fleet/-/merge_requests/${number}`,
  title: `MR ${number}`,
  author: 'platter-bot',
  reviewers: ['alice'],
  draft,
  labels: ['platter'],
});
const GITLAB = { kind: 'gitlab' as const, noun: 'merge request', webUrl: 'https://gitlab.example.com/acme/fleet' };

describe('GroupRequestsCard', () => {
  it.each<[string, RequestsRouteResponse, (card: ReturnType<typeof within>) => void]>([
    [
      "GitLab: a branch with a merge request shows as it (GitLab's words and mark), one without as its branch",
      {
        scope: 'team-a',
        targetBranch: 'main',
        host: GITLAB,
        requests: [
          item('platter/onboard-app/cart', { url: review(4).url, review: review(4, true) }),
          item('platter/update-tenant/team-a', {
            url: `${GITLAB.webUrl}/-/compare/main...platter/update-tenant/team-a`,
          }),
        ],
      },
      (card) => {
        const mr = card.getByRole('link', { name: /Merge request !4/ });
        expect(mr).toHaveAttribute('href', review(4).url);
        expect(within(mr).getByTitle('GitLab')).toBeInTheDocument();
        expect(card.queryByTitle('GitHub')).toBeNull();
        expect(card.queryByText(/Pull request/)).toBeNull();
        expect(card.getByText('MR 4')).toBeInTheDocument();
        expect(card.getByText(/\(draft\)/)).toBeInTheDocument();
        expect(card.getByRole('link', { name: /^platter\/update-tenant\/team-a/ })).toHaveAttribute(
          'href',
          `${GITLAB.webUrl}/-/compare/main...platter/update-tenant/team-a`,
        );
      },
    ],
    [
      'the host could not be read: a note, and the branches from Git',
      {
        scope: 'team-a',
        targetBranch: 'main',
        host: GITLAB,
        hostUnavailable: 'GitLab answered 401 (Unauthorized): showing the review branches from Git',
        requests: [item('platter/onboard-app/cart')],
      },
      (card) => {
        expect(card.getByText(/GitLab answered 401/)).toBeInTheDocument();
        expect(card.getByText('platter/onboard-app/cart')).toBeInTheDocument();
      },
    ],
    [
      'nothing waits',
      { scope: 'team-a', targetBranch: 'main', requests: [] },
      (card) => expect(card.getByText(/No open requests: nothing of team-a waits/)).toBeInTheDocument(),
    ],
    [
      'a group that owns no tenant',
      { scope: '', targetBranch: 'main', requests: [] },
      (card) => expect(card.getByText('This group owns no Platter tenant.')).toBeInTheDocument(),
    ],
  ])('%s', async (_name, response, check) => {
    const requests = jest.fn().mockResolvedValue(response);
    await renderInPlatterTestApp(<GroupRequestsCard />, { entity: teamA, apis: [[platterApiRef, { requests }]] });
    const card = within((await screen.findByText('Open Platter requests')).closest('.MuiCard-root') as HTMLElement);
    expect(requests).toHaveBeenCalledWith({ group: 'group:default/team-a' });
    check(card);
  });

  it('is on the group page through the plugin (entity-card:platter/group-requests)', async () => {
    const requests = jest.fn().mockResolvedValue({
      scope: 'team-a',
      targetBranch: 'main',
      requests: [item('platter/onboard-app/cart')],
    });
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: teamA }),
        platterPlugin.getExtension('entity-card:platter/group-requests'),
      ],
      apis: [[platterApiRef, { requests } as never]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByText('Title of platter/onboard-app/cart')).toBeInTheDocument();
    expect(requests).toHaveBeenCalledWith({ group: 'group:default/team-a' });
  });
});
