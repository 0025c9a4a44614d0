import { screen, within } from '@testing-library/react';
import { prodEuEntity, useFixedNow } from '../../testing/fixtures';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { EnvironmentCard } from './EnvironmentCard';

describe('EnvironmentCard', () => {
  useFixedNow();

  it('shows stage, cluster, components with overrides and lifecycle, tenant apps and drift', async () => {
    await renderInPlatterTestApp(<EnvironmentCard />, { entity: prodEuEntity });

    expect(screen.getByText('Environment prod-eu')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'prod' })).toHaveAttribute('href', '/catalog/default/resource/stage-prod');
    expect(screen.getByText(/cluster prod-eu-1/)).toBeInTheDocument();
    expect(screen.getByText(/region eu-west-1/)).toBeInTheDocument();

    const components = within(screen.getByRole('table', { name: 'Runtime components' }));
    const ingress = within(components.getByRole('link', { name: 'ingress-nginx' }).closest('tr')!);
    expect(ingress.getByText('1.1.0')).toBeInTheDocument();
    expect(ingress.getByText('metrics')).toBeInTheDocument();
    expect(ingress.getByText('waf (env override)')).toBeInTheDocument();
    expect(ingress.getByLabelText('modsecurity (disabled by env override)')).toBeInTheDocument();
    expect(ingress.getByText('deprecated, sunset 2026-12-31')).toBeInTheDocument();
    const certManager = within(components.getByRole('link', { name: 'cert-manager' }).closest('tr')!);
    expect(certManager.getByText('stable')).toBeInTheDocument();

    const apps = within(screen.getByRole('table', { name: 'Tenant apps' }));
    expect(within(apps.getByText('shop').closest('tr')!).getByText('1.3.0')).toBeInTheDocument();
    expect(within(apps.getByText('billing').closest('tr')!).getByText('to this env only')).toBeInTheDocument();

    // Issue 18: the History tab, and why each component and app runs here (the Explain tab).
    const page = '/catalog/default/resource/env-prod-eu';
    expect(screen.getByRole('link', { name: 'History' })).toHaveAttribute('href', `${page}/history`);
    expect(screen.getByRole('link', { name: 'Why ingress-nginx runs here' })).toHaveAttribute(
      'href',
      `${page}/explain?object=Kustomization%2Fflux-system%2Fruntime-ingress-nginx`,
    );
    expect(screen.getByRole('link', { name: 'Why shop runs here' }).getAttribute('href')).toMatch(
      new RegExp(`^${page}/explain\\?object=Kustomization%2F[a-z-]+%2Fshop$`),
    );

    expect(screen.getByTestId('platter-drift')).toHaveTextContent(
      'ingress-nginx addons differ from prod-us: +waf, -modsecurity',
    );
  });
});
