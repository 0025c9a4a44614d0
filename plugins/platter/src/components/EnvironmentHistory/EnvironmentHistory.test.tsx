import { screen, within } from '@testing-library/react';
import type { HistoryRouteQuery, HistoryRouteResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { prodEuEntity } from '../../testing/fixtures';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { EnvironmentHistory, HISTORY_TAB_LIMIT, undoCommand, undoText } from './EnvironmentHistory';

const HISTORY: HistoryRouteResponse = {
  commit: 'c0ffee'.padEnd(40, '0'),
  entries: [
    {
      commit: 'a1'.padEnd(40, '0'),
      date: '2026-11-27T12:00:00+00:00',
      author: 'Platter <platter@example.test>',
      title: 'Roll back shop in stage prod to 1.1.0',
      source: 'request',
      kind: 'Rollback',
      requestedBy: 'user:default/jane',
      requestHash: 'abc',
      review: 'direct',
      files: ['apps/shop/prod/release.yaml'],
      undo: [{ kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '1.2.0' }],
    },
    {
      commit: 'b2'.padEnd(40, '0'),
      date: '2026-11-26T09:30:00+00:00',
      author: 'Hand Maker <hand@example.test>',
      title: 'hand: tuned prod-eu',
      source: 'hand',
      files: ['envs/prod-eu/env-config.yaml'],
      undo: [],
    },
  ],
};

describe('EnvironmentHistory', () => {
  it("lists the env's requests and hand commits with who, what and the undo offer", async () => {
    const history = jest.fn(async (_q: HistoryRouteQuery) => HISTORY);
    await renderInPlatterTestApp(<EnvironmentHistory />, {
      entity: prodEuEntity,
      apis: [[platterApiRef, { history }]],
    });
    expect(await screen.findByText('Roll back shop in stage prod to 1.1.0')).toBeInTheDocument();
    expect(history).toHaveBeenCalledWith({ env: 'prod-eu', limit: HISTORY_TAB_LIMIT });

    const request = within(screen.getByText('Roll back shop in stage prod to 1.1.0').closest('tr')!);
    expect(request.getByText('Rollback')).toBeInTheDocument();
    expect(request.getByRole('link', { name: /jane/ })).toHaveAttribute('href', '/catalog/default/user/jane');
    expect(request.getByText('Rollback shop (stage prod) to 1.2.0')).toBeInTheDocument();
    expect(request.getByText('a10000000000')).toBeInTheDocument();

    const hand = within(screen.getByText('hand: tuned prod-eu').closest('tr')!);
    expect(hand.getByText('hand commit')).toBeInTheDocument();
    expect(hand.getByText('Hand Maker')).toBeInTheDocument();
  });

  it.each([
    [
      { kind: 'Rollback', app: 'shop', target: { env: 'prod-eu' }, version: '1.1.0' },
      'Rollback shop (env prod-eu) to 1.1.0',
    ],
    [
      { kind: 'DisableAddon', service: 'ingress-nginx', addon: 'metrics', stage: 'prod' },
      'DisableAddon ingress-nginx/metrics (stage prod)',
    ],
    [
      { kind: 'UpgradeComponent', service: 'ingress-nginx', stage: 'prod', version: '1.0.0' },
      'UpgradeComponent ingress-nginx back to 1.0.0 (stage prod)',
    ],
  ])('undo offer %j reads "%s" and files as the CLI does', (request, text) => {
    expect(undoText(request)).toBe(text);
    expect(undoCommand(request)).toBe(`echo '${JSON.stringify(request)}' | platter apply -f -`);
  });
});
