import { screen, within } from '@testing-library/react';
import { ingressNginxEntity } from '../../testing/fixtures';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { RuntimeComponentCard } from './RuntimeComponentCard';

describe('RuntimeComponentCard', () => {
  it.each([
    ['1.1.0', /deprecated, sunset 2026-12-31/, /prod · 2 envs · apps shop/],
    ['1.2.0', /^stable$/, /staging · 1 env · apps shop/],
    ['1.0.0', /deprecated, sunset 2026-01-31/, /^unused$/],
  ])('version %s: lifecycle and usage', async (version, lifecycle, usage) => {
    await renderInPlatterTestApp(<RuntimeComponentCard />, { entity: ingressNginxEntity });
    const table = within(screen.getByRole('table', { name: 'Versions' }));
    const cells = within(table.getByText(version).closest('tr')!).getAllByRole('cell');
    expect(cells[1]).toHaveTextContent(lifecycle);
    expect(cells[4]).toHaveTextContent(usage);
  });

  it('links the stages that run a version', async () => {
    await renderInPlatterTestApp(<RuntimeComponentCard />, { entity: ingressNginxEntity });
    expect(screen.getByRole('link', { name: 'prod' })).toHaveAttribute('href', '/catalog/default/resource/stage-prod');
  });
});
