import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { APP_URL, ROOT, startPortal, waitFor } from './portal';

/**
 * The portal end to end, as a newcomer uses it: sign in, onboard an app with the
 * template, see the plan preview, create it, and check that the demo repository
 * got exactly the planned commit, that the catalog picked it up (the app on the
 * environment card) and that the Menu page answers who runs what. Real backend,
 * real frontend, real git, Debian's Chromium. Screenshots of every step go to
 * test-results/e2e/ (CI keeps them).
 */
const SHOTS = join(ROOT, 'test-results', 'e2e');
const CHROMIUM = process.env.PLATTER_CHROMIUM ?? '/usr/bin/chromium';

describe('the Platter portal', () => {
  let demo: string;
  let portal: { stop: () => Promise<void> } | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const log: string[] = [];
  const reactWarnings: string[] = [];
  let step = 0;
  const shot = async (name: string) =>
    page.screenshot({ path: join(SHOTS, `${String(++step).padStart(2, '0')}-${name}.png`), fullPage: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['--git-dir', join(demo, 'fleet.git'), ...args], { encoding: 'utf8' }).trim();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = mkdtempSync(join(tmpdir(), 'platter-e2e-'));
    portal = await startPortal(demo, (line) => log.push(line));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(60_000);
    // React's development warnings (issue 23: none may come from Platter's own components).
    page.on('console', (message) => {
      const text = message.text();
      if ((message.type() === 'error' || message.type() === 'warning') && /^Warning: /.test(text)) {
        reactWarnings.push(text);
      }
    });
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    rmSync(demo, { recursive: true, force: true });
  });

  it('onboards an app through the template, and the commit, the catalog and the menu show it', async () => {
    // Sign in as the demo guest (Jane of team-a).
    // The dev server compiles the app on the first request: allow for a cold build.
    await page.goto(APP_URL, { waitUntil: 'networkidle' });
    const enter = page.getByRole('button', { name: /enter/i }).first();
    await enter.waitFor({ timeout: 300_000 });
    await shot('sign-in');
    await enter.click();
    await page.getByText('Platter menu').first().waitFor({ timeout: 120_000 });

    // The environments are in the catalog, read from Git.
    await page.goto(`${APP_URL}/catalog/default/resource/env-staging-eu`, { waitUntil: 'networkidle' });
    await page.getByText('Runtime components').waitFor({ timeout: 120_000 });
    await shot('environment-before');

    // The onboard-app template, filled in as a person would.
    const head = git('rev-parse', 'main');
    await page.goto(`${APP_URL}/create/templates/default/platter-onboard-app`, { waitUntil: 'networkidle' });
    await page.waitForSelector('#root_name', { timeout: 120_000 });
    await page.fill('#root_name', 'cart');
    // The Team field offers the user's own tenants, by their group's title.
    await page.selectOption('#root_tenant', { label: 'Team A (shop) · tenant team-a' });
    await shot('form-app');
    await page.getByRole('button', { name: /next/i }).click();
    await page.fill('#root_source_repository', 'oci://ghcr.io/example-org/charts');
    await page.fill('#root_source_chart', 'cart');
    await page.fill('#root_version', '0.1.0');
    await page.click('#root_dependsOn');
    await page.getByRole('option', { name: /ingress-nginx/ }).click();
    await page.keyboard.press('Escape');
    await shot('form-source');
    await page.getByRole('button', { name: /next/i }).click();
    await page.click('#root_stages');
    await page.getByRole('option', { name: 'staging', exact: true }).click();
    await page.keyboard.press('Escape');
    await shot('form-where');
    await page.getByRole('button', { name: /next/i }).click();

    // The preview: Platter's plan before anything is submitted.
    await page.getByText('Onboard app cart (team-a) 0.1.0 to stage staging').waitFor();
    await expectVisible(page, /Direct: committed (to \S+ )?as is/);
    const planned = [...(await page.content()).matchAll(/diff --git a\/(\S+) b\//g)].map((m) => m[1]!).sort();
    expect(planned).toEqual(
      expect.arrayContaining([
        'apps/cart/base/kustomization.yaml',
        'apps/cart/staging/release.yaml',
        'tenants/team-a/staging/cart.yaml',
      ]),
    );
    // CODEOWNERS is the platform's: a tenant's own request leaves it to the platform (issue 22 item 2b).
    expect(planned).not.toContain('CODEOWNERS');
    // The rendered diff: what Flux would apply differently in each env, before anything is submitted (issue 18).
    await expectVisible(page, /What Flux applies/);
    await shot('preview');

    // Create it, and wait for the task. The Review step reads the choices in words: no catalog ref (issue 23).
    await page.getByRole('button', { name: /^review$/i }).click();
    await page.getByRole('button', { name: /^create$/i }).waitFor();
    const review = await page.locator('body').innerText();
    expect(review).toMatch(/\bstaging\b/);
    expect(review).toMatch(/\bteam-a\b/);
    expect(review).not.toMatch(/resource:default\/|group:default\//);
    await shot('review');
    await page.getByRole('button', { name: /^create$/i }).click();
    await page.getByText(/Outcome: committed/).waitFor({ timeout: 180_000 });
    await shot('task-done');

    // The demo repository has one new commit with exactly the planned files.
    expect(git('rev-parse', 'main^')).toBe(head);
    const committed = git('show', '--name-only', '--format=', 'main').split('\n').filter(Boolean).sort();
    expect(committed).toEqual(planned);
    expect(git('log', '-1', '--format=%B', 'main')).toMatch(/Platter-Request: [0-9a-f]+/);

    // After the next catalog refresh the app is on the environment card.
    await waitFor(async () => {
      await page.goto(`${APP_URL}/catalog/default/resource/env-staging-eu`, { waitUntil: 'networkidle' });
      await page.getByText('Tenant apps').waitFor({ timeout: 60_000 });
      return (await page.getByRole('cell', { name: 'cart', exact: true }).count()) > 0;
    }, 120_000);
    await shot('environment-after');

    // Issue 18: the env's History tab shows the request just committed (who, what, review path), and the
    // card's "why" link opens the Explain tab on the app's Flux Kustomization.
    await page.getByRole('link', { name: 'History', exact: true }).first().click();
    await page.getByText('History of staging-eu').waitFor({ timeout: 60_000 });
    await expectVisible(page, /Onboard app cart/);
    await shot('history');
    await page.goto(`${APP_URL}/catalog/default/resource/env-staging-eu`, { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Why cart runs here' }).click();
    await expectVisible(page, /^Why Kustomization [a-z0-9-]+\/cart is in staging-eu$/);
    await expectVisible(page, /every change explained/);
    await shot('explain');

    // The Menu page: who runs which version; the app filter finds where cart needs ingress-nginx.
    await page.goto(`${APP_URL}/platter/menu`, { waitUntil: 'networkidle' });
    await page.getByText('ingress-nginx').first().waitFor();
    // Both kinds of component: a Helm chart's version shows its chart, monitoring-agent's (plain manifests) says so.
    await expectVisible(page, /^chart ingress-nginx 4\.12\.0$/);
    await page.getByText('monitoring-agent').first().waitFor();
    await expectVisible(page, /^manifests$/);
    await page.getByLabel('App', { exact: true }).fill('cart');
    await expectVisible(page, /^staging · 1 env · 1 app$/);
    await shot('menu');
  });

  it('a tenant meets errors it can act on, the review path that happens, links to Git and a page per entity (issue 23)', async () => {
    // Names and versions are checked by the model as they are typed, before anything is submitted.
    await page.goto(`${APP_URL}/create/templates/default/platter-onboard-app`, { waitUntil: 'networkidle' });
    await page.waitForSelector('#root_name', { timeout: 120_000 });
    await page.fill('#root_name', 'Checkout_App');
    await expectVisible(page, /app name "Checkout_App" is invalid: it has upper-case letters/);
    await shot('inline-name');
    await page.fill('#root_name', 'orders');
    // The Team field offers the user's own tenants, by their group's title.
    await page.selectOption('#root_tenant', { label: 'Team A (shop) · tenant team-a' });
    await page.getByRole('button', { name: /next/i }).click();
    await page.fill('#root_source_repository', 'oci://ghcr.io/example-org/charts');
    await page.fill('#root_source_chart', 'orders');
    await page.fill('#root_version', 'latest');
    await expectVisible(page, /version "latest" is not a SemVer version/);
    await shot('inline-version');

    // A prerelease to prod passes the form; the plan refuses it: the findings, on the form's fields, no stack trace.
    await page.fill('#root_version', '1.0.0-rc.1');
    await page.getByRole('button', { name: /next/i }).click();
    await page.click('#root_stages');
    await page.getByRole('option', { name: 'prod', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /next/i }).click();
    const findings = page.getByTestId('platter-plan-findings');
    await findings.waitFor();
    const refusal = await findings.innerText();
    expect(refusal).toMatch(/PrereleaseNotAllowed|prerelease/i);
    expect(refusal).not.toMatch(/\bat \S+ \(|\.tsx?:\d+|node_modules|InputError|stack/i);
    expect(refusal).not.toContain(ROOT);
    await shot('plan-error');
    // The same finding beside its field, on the field's own page (Back twice: Where, then Source and version).
    await page.getByRole('button', { name: /^back$/i }).click();
    await page.getByRole('button', { name: /^back$/i }).click();
    await expect(page.getByTestId('root_version-help').innerText()).resolves.toMatch(/prerelease/i);
    await shot('finding-beside-field');

    // A tenant's addon for one prod env: the preview says what publish really does (a branch, no pull request:
    // the demo remote has no host), the task says it happened and links to My requests, which lists it.
    await page.goto(`${APP_URL}/create/templates/default/platter-request-addon`, { waitUntil: 'networkidle' });
    await page.waitForSelector('#root_environment', { timeout: 120_000 });
    await page.click('#root_environment');
    await page.getByRole('option', { name: 'prod-eu', exact: true }).click();
    await page.getByRole('button', { name: /next/i }).click();
    await page.getByLabel('Component').selectOption('ingress-nginx');
    await page.getByRole('checkbox', { name: 'internal-lb' }).check();
    await page.getByRole('button', { name: /next/i }).click();
    await expectVisible(
      page,
      /Pushes branch platter\/enable-addon\/ingress-nginx-internal-lb-prod-eu for review; no pull request is opened/,
    );
    await shot('addon-preview');
    await page.getByRole('button', { name: /^review$/i }).click();
    await page.getByRole('button', { name: /^create$/i }).waitFor();
    const addonReview = await page.locator('body').innerText();
    expect(addonReview).toMatch(/\bprod-eu\b/);
    expect(addonReview).toMatch(/\binternal-lb\b/);
    expect(addonReview).not.toMatch(/resource:default\//);
    await shot('addon-review');
    await page.getByRole('button', { name: /^create$/i }).click();
    await page
      .getByText(/Pushed [0-9a-f]{12} to branch platter\/enable-addon\/ingress-nginx-internal-lb-prod-eu/)
      .waitFor({ timeout: 180_000 });
    expect(git('log', '-1', '--format=%s', 'platter/enable-addon/ingress-nginx-internal-lb-prod-eu')).toBe(
      'Enable ingress-nginx addon internal-lb for env prod-eu',
    );
    await shot('task-branch');
    await page
      .getByRole('link', { name: /My requests/ })
      .first()
      .click();
    await page.getByRole('table', { name: 'Open requests' }).waitFor({ timeout: 120_000 });
    await expectVisible(page, /^Enable ingress-nginx addon internal-lb for env prod-eu$/);
    await shot('my-requests');

    // View Source of an environment opens its own directory, envs/prod-eu.
    await page.goto(`${APP_URL}/catalog/default/resource/env-prod-eu`, { waitUntil: 'networkidle' });
    const viewSource = page.getByRole('link', { name: /view source/i }).first();
    await viewSource.waitFor();
    const source = await viewSource.getAttribute('href');
    expect(source).toMatch(/\/envs\/prod-eu\/?$/);
    await shot('environment-view-source');
    // The demo's repository has no web host: the backend shows the mirrored commit's directory, read-only.
    await page.goto(source!, { waitUntil: 'load' });
    await page.getByRole('link', { name: 'kustomization.yaml', exact: true }).waitFor();
    await expectVisible(page, /^Commit [0-9a-f]{40} on branch /);
    await shot('environment-source');

    // The stage page: its envs, components with versions and addons, apps and drift.
    await page.goto(`${APP_URL}/catalog/default/resource/stage-prod`, { waitUntil: 'networkidle' });
    await page.getByText('Stage prod', { exact: true }).waitFor();
    await page.getByRole('table', { name: 'Runtime components' }).waitFor();
    await expectVisible(page, /Drift across its environments/);
    await shot('stage');

    // Search (the catalog collator) finds the env; the index is built on a schedule after the catalog fills.
    // The page asks the search backend after it has loaded: each try waits for the answer (the env's link or
    // the empty result) rather than reading the page before it came, which a loaded machine always did.
    const found = page.locator('a[href*="/resource/env-prod-eu"]');
    await waitFor(async () => {
      await page.goto(`${APP_URL}/search?query=env-prod-eu`, { waitUntil: 'networkidle' });
      await found.or(page.getByText('Sorry, no results were found')).first().waitFor({ timeout: 60_000 });
      return (await found.count()) > 0;
    }, 300_000);
    await shot('search');

    // No React warning came from Platter's own components during the whole run.
    const ours = reactWarnings.filter(isPlatterWarning);
    expect(ours).toEqual([]);
  });
});

/**
 * A React warning Platter's own code caused: React names the component in the
 * message ("Check the render method of `StageCard`"), or the innermost
 * component of its stack (the first frame with a source location) is in
 * plugins/platter/src. A warning a library raises inside its own components
 * (material-table's defaultProps, MUI v4's findDOMNode) while a Platter page
 * renders them is the library's, not Platter's.
 */
function isPlatterWarning(text: string): boolean {
  const PLATTER_SOURCE = /plugins[/_]platter[/_]src/;
  const named = /render method of `([^`]+)`/.exec(text)?.[1];
  if (named && PLATTER_COMPONENTS.test(named)) return true;
  const innermost = text.split('\n').find((line) => /^\s*at \S+ \(/.test(line));
  return !!innermost && PLATTER_SOURCE.test(innermost);
}

const PLATTER_COMPONENTS =
  /^(Platter\w*|RuntimeAddonPicker|PlanFindings|PlanView|PublishPathView|DiffView|RenderedDiffView|EnvironmentCard|AppDeploymentsCard|StageCard|RuntimeComponentCard|TenantCard|MyRequestsPage|MenuPage|MenuTable|FleetOverview|VersionEnvironmentsPanel|EnvironmentHistory|EnvironmentExplain)$/;

async function expectVisible(page: Page, text: RegExp): Promise<void> {
  await page.getByText(text).first().waitFor();
}
