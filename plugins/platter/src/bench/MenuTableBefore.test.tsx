import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fleetEntities, useFixedNow } from '../testing/fixtures';
import { renderInPlatterTestApp } from '../testing/renderInPlatterTestApp';
import { MenuTableBefore } from './MenuTableBefore';

const rowOf = (service: string, version: string) =>
  within(
    screen
      .getAllByRole('row')
      .find((r) => within(r).queryByRole('link', { name: service }) && within(r).queryByText(version))!,
  );

describe('MenuTableBefore (the benchmark baseline: the Menu page before issue 24)', () => {
  useFixedNow();

  it('lists components × versions with lifecycle and usage, and finds who uses a version', async () => {
    await renderInPlatterTestApp(<MenuTableBefore />, {
      apis: [[catalogApiRef, catalogApiMock({ entities: fleetEntities })]],
    });

    expect(await screen.findByText('1.3.0-rc.1')).toBeInTheDocument();
    expect(rowOf('ingress-nginx', '1.0.0').getByText('sunset 2026-01-31 (passed)')).toBeInTheDocument();
    const v110 = rowOf('ingress-nginx', '1.1.0');
    expect(v110.getByText('deprecated, sunset 2026-12-31')).toBeInTheDocument();
    expect(v110.getByText('prod')).toBeInTheDocument();
    expect(v110.getByText('2')).toBeInTheDocument(); // envs, counted since issue 24
    expect(v110.getByText('shop')).toBeInTheDocument();
    expect(rowOf('ingress-nginx', '1.2.0').getByText('stable')).toBeInTheDocument();
    expect(rowOf('cert-manager', '1.14.0').getByText('3')).toBeInTheDocument();

    // "Which versions does prod run?" — search by stage narrows to them (env names are a count now).
    await userEvent.click(screen.getByPlaceholderText('Filter'));
    await userEvent.paste('prod');
    await waitFor(() => expect(screen.queryByText('1.2.0')).not.toBeInTheDocument());
    expect(screen.getByText('1.1.0')).toBeInTheDocument();
    expect(screen.getByText('1.14.0')).toBeInTheDocument();
  });

  it('on the entities as they were (envs by name), lists every env inline and finds a version by env', async () => {
    // The runtime-component entities before issue 24 (as P5 serves them to this page): each version's envs by name.
    const byName: Record<string, readonly string[]> = {
      '1.1.0': ['prod-eu-1', 'prod-us-1'],
      '1.2.0': ['staging-eu-1'],
    };
    const original = fleetEntities.map((e) => {
      const facts = e.spec?.platter as { name?: string; versions?: { version: string; usedBy: object }[] } | undefined;
      if (e.spec?.type !== 'runtime-component' || facts?.name !== 'ingress-nginx') return e;
      const versions = facts.versions!.map((v) => ({
        ...v,
        usedBy: { ...v.usedBy, environments: byName[v.version] ?? [] },
      }));
      return { ...e, spec: { ...e.spec, platter: { ...facts, versions } } };
    });
    await renderInPlatterTestApp(<MenuTableBefore />, {
      apis: [[catalogApiRef, catalogApiMock({ entities: original as typeof fleetEntities })]],
    });

    expect(await screen.findByText('1.3.0-rc.1')).toBeInTheDocument();
    expect(rowOf('ingress-nginx', '1.1.0').getByText('prod-eu-1, prod-us-1')).toBeInTheDocument();
    await userEvent.click(screen.getByPlaceholderText('Filter'));
    await userEvent.paste('staging-eu-1');
    await waitFor(() => expect(screen.queryByText('1.1.0')).not.toBeInTheDocument());
    expect(screen.getByText('1.2.0')).toBeInTheDocument();
  });
});
