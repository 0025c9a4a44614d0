import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { APP_URL, ROOT } from './portal';
import { openPortal, signIn, type PortalSession } from './probe';

/**
 * An upgrade campaign in the portal (issue 19 §3), as the platform team runs
 * it: the Menu page's Upgrade campaign tab reads the waves and their landing
 * dates from Git, the soak of the next wave's stage holds it (the tab says until
 * when, the template's preview refuses it with Soaking), and once the soak is
 * gone the template lands the platform team's wave on main and the tab shows it
 * landed. Commits by another writer (the soak setting) are pushed to the demo
 * remote with git. Real backend, frontend, git; Debian's Chromium.
 * Screenshots go to test-results/e2e/campaign-*.png.
 */
const SHOTS = join(ROOT, 'test-results', 'e2e');

describe('an upgrade campaign in the portal', () => {
  let session: PortalSession | undefined;
  let demo: string;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `campaign-${name}.png`), fullPage: true });
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Reviewer', '-c', 'user.email=reviewer@example.test', ...args], {
      cwd,
      encoding: 'utf8',
    }).trim();
  /** Another writer: a clone of the demo remote that commits and pushes to main. */
  const pushToMain = (message: string, edit: (checkout: string) => void) => {
    const work = mkdtempSync(join(tmpdir(), 'platter-e2e-writer-'));
    try {
      git(work, 'clone', '--quiet', join(demo, 'fleet.git'), 'repo');
      const checkout = join(work, 'repo');
      edit(checkout);
      git(checkout, 'commit', '--quiet', '-am', message);
      git(checkout, 'push', '--quiet', 'origin', 'HEAD:main');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The platform team's member; the mirror refreshed at least every second, so a push shows on the next read.
    session = await openPortal('campaign', { user: 'ops', env: { APP_CONFIG_platter_maxSnapshotAgeMs: '1000' } });
    ({ demo, page } = session);
  });

  afterAll(() => session?.close());

  /** The Upgrade campaign tab of the Menu page, for ingress-nginx 1.1.0 (staging runs it already, prod 1.0.0). */
  const openCampaign = async () => {
    await page.goto(`${APP_URL}/platter/menu`, { waitUntil: 'networkidle' });
    await page.getByRole('tab', { name: 'Upgrade campaign' }).click();
    await page.getByLabel('Runtime component').fill('ingress-nginx');
    await page.getByLabel('Target version').fill('1.1.0');
    const waves = page.getByRole('table', { name: 'Campaign ingress-nginx 1.1.0' });
    await waves.waitFor({ timeout: 120_000 });
    return waves;
  };
  /** The upgrade-campaign template filled in for ingress-nginx 1.1.0, on its Preview page. */
  const previewNextWave = async () => {
    await page.goto(`${APP_URL}/create/templates/default/platter-upgrade-campaign`, { waitUntil: 'networkidle' });
    await page.waitForSelector('#root_service', { timeout: 120_000 });
    await page.click('#root_service');
    await page
      .getByRole('option', { name: /ingress-nginx/ })
      .first()
      .click();
    await page.fill('#root_version', '1.1.0');
    await page.getByRole('button', { name: /next/i }).click();
  };
  const waveRow = (name: string) =>
    page.getByRole('table', { name: 'Campaign ingress-nginx 1.1.0' }).getByRole('row').filter({ hasText: name });

  it('shows the waves from Git, holds the next one while the stage soaks, and lands it after', async () => {
    await signIn(page);

    // prod soaks a day after the wave before it (staging, landed when the demo repository was made).
    pushToMain('prod soaks a day', (checkout) => {
      const file = join(checkout, 'platter.yaml');
      const text = readFileSync(file, 'utf8');
      const soaked = text.replace(/( {4}- name: prod\n)/, '$1      promotion:\n        soak: 24h\n');
      expect(soaked).not.toBe(text);
      writeFileSync(file, soaked);
    });
    await openCampaign();
    await waveRow('staging')
      .getByText(/^landed \d{4}-\d\d-\d\d \d\d:\d\d$/)
      .waitFor();
    await waveRow('prod')
      .getByText(/^next: soaking until \d{4}-\d\d-\d\d \d\d:\d\d$/)
      .waitFor({ timeout: 60_000 });
    await page.getByText(/Next wave: prod\. It opens 1d after the wave before it landed\./).waitFor();
    await shot('soaking');

    // The template's preview applies the same rule: Soaking, on the page, before anything is written.
    const head = git(demo, '--git-dir', 'fleet.git', 'rev-parse', 'main');
    await previewNextWave();
    const findings = page.getByTestId('platter-plan-findings');
    await findings.waitFor({ timeout: 120_000 });
    expect(await findings.innerText()).toMatch(/Soaking|soak/);
    await shot('preview-soaking');
    expect(git(demo, '--git-dir', 'fleet.git', 'rev-parse', 'main')).toBe(head);

    // The soak is lifted: the tab says the wave is ready, and the template lands it.
    pushToMain('prod does not soak', (checkout) => {
      const file = join(checkout, 'platter.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('      promotion:\n        soak: 24h\n', ''));
    });
    await openCampaign();
    await waveRow('prod')
      .getByText(/^next: ready \(runs 1\.0\.0\)$/)
      .waitFor({ timeout: 60_000 });
    await shot('ready');

    await previewNextWave();
    // The platform team's own wave: the review path is direct (a tenant's request would go to review).
    await page.getByText(/Direct: committed (to \S+ )?as is/).waitFor({ timeout: 120_000 });
    await expect(page.locator('body').innerText()).resolves.toMatch(/stages\/prod\/runtime\/ingress-nginx\.yaml/);
    await shot('preview-ready');
    const before = git(demo, '--git-dir', 'fleet.git', 'rev-parse', 'main');
    await page.getByRole('button', { name: /^review$/i }).click();
    await page.getByRole('button', { name: /^create$/i }).click();
    await page.getByText(/Outcome: committed/).waitFor({ timeout: 180_000 });
    await shot('task');
    // One commit on main, the wave's file only.
    expect(git(demo, '--git-dir', 'fleet.git', 'rev-parse', 'main^')).toBe(before);
    expect(git(demo, '--git-dir', 'fleet.git', 'show', '--name-only', '--format=', 'main')).toBe(
      'stages/prod/runtime/ingress-nginx.yaml',
    );

    // The tab shows the wave landed (the commit's date), and every wave done.
    await openCampaign();
    await waveRow('prod')
      .getByText(/^landed \d{4}-\d\d-\d\d \d\d:\d\d$/)
      .waitFor({ timeout: 60_000 });
    await page.getByText(/Every wave has landed\./).waitFor();
    await shot('landed');
  });
});
