import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { writeGeneratedFleet, type FleetSummary } from './fleetPortal';
import { APP_URL, ROOT, startPortal } from './portal';
import { firstComponentRow, launchChromium, measurePageLoad, signIn, VIEWPORT } from './probe';

/**
 * The portal on a generated 200-env fleet (tools/fleet, the reference shape
 * with 200 envs), as the platform team reads it: the Menu page stays within
 * three screens, and the envs running one version are found through the filter.
 * Screenshots go to test-results/e2e/.
 */
const SHOTS = join(ROOT, 'test-results', 'e2e');
const ENVS = 200;

describe('the portal on a generated 200-env fleet', () => {
  let demo: string;
  let fleet: FleetSummary;
  let portal: { stop: () => Promise<void> } | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const log: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = mkdtempSync(join(tmpdir(), 'platter-e2e-fleet-'));
    fleet = writeGeneratedFleet(demo, ENVS);
    portal = await startPortal(demo, (line) => log.push(line), { reset: false });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(60_000);
    await signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    rmSync(demo, { recursive: true, force: true });
  });

  it('shows the Menu page within three screens, and finds the envs of a version through the filter', async () => {
    const load = await measurePageLoad(
      page,
      `${APP_URL}/platter/menu`,
      (r) => r.url().includes('/api/platter/menu/overview'),
      firstComponentRow(page),
    );
    expect(fleet.stages.reduce((n, s) => n + s.envs.length, 0)).toBe(ENVS);
    expect(load.screens).toBeLessThanOrEqual(3);
    await page.screenshot({ path: join(SHOTS, 'fleet-200-menu.png'), fullPage: true });

    // A version a stage with several envs runs, and one env of that stage.
    const stage = fleet.stages.find((s) => s.envs.length > 1 && s.components.length)!;
    const { service, version } = stage.components[0]!;
    const env = stage.envs[stage.envs.length - 1]!;

    await page.getByLabel('Component or version', { exact: true }).fill(`${service}@${version}`);
    await page.getByLabel('Environment', { exact: true }).fill(env);
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: service, exact: true }) })
      .filter({ has: page.getByRole('cell', { name: version, exact: true }) });
    await row.getByText(`${stage.name} · 1 env`, { exact: false }).waitFor();
    await row.getByRole('button', { name: /detail panel/i }).click();
    const panel = page.getByRole('region', { name: `Environments running ${service} ${version}` });
    await panel.getByRole('link', { name: env, exact: true }).waitFor();
    expect(await panel.getByRole('link').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'fleet-200-menu-filtered.png'), fullPage: true });
  });
});
