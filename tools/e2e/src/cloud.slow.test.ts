import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { APP_URL, ROOT } from './portal';
import { openPortal, type PortalSession } from './probe';

/**
 * The "Request a cloud resource" template end to end (issue 21): its parameters
 * page is generated from the class's JSON schema with the stage's limits, the
 * browser checks each change with the planner's rule (Ajv in the page), and the
 * claim that lands carries typed values. Real backend, frontend, git; Debian's
 * Chromium. Screenshots go to test-results/e2e/cloud-*.png.
 */
const SHOTS = join(ROOT, 'test-results', 'e2e');

describe('requesting a cloud resource in the portal', () => {
  let session: PortalSession | undefined;
  let demo: string;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `cloud-${name}.png`), fullPage: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['--git-dir', join(demo, 'fleet.git'), ...args], { encoding: 'utf8' }).trim();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await openPortal('cloud');
    ({ demo, page } = session);
  });

  afterAll(() => session?.close());

  it("offers the class's parameters with prod's limits, refuses a value beyond them as it is typed, and lands typed values", async () => {
    // The dev server compiles the app on the first request: allow for a cold build.
    await page.goto(APP_URL, { waitUntil: 'networkidle' });
    const enter = page.getByRole('button', { name: /enter/i }).first();
    await enter.waitFor({ timeout: 300_000 });
    await enter.click();
    await page.getByText('Platter menu').first().waitFor({ timeout: 120_000 });

    const head = git('rev-parse', 'main');
    await page.goto(`${APP_URL}/create/templates/default/platter-request-cloud-resource`, { waitUntil: 'networkidle' });
    await page.waitForSelector('#root_app', { timeout: 120_000 });
    await page.fill('#root_app', 'shop');
    await page.click('#root_target');
    // Stages and envs in one list: each option says which it is.
    await page.getByRole('option', { name: 'stage prod', exact: true }).click();
    await page.fill('#root_name', 'uploads');
    await page.fill('#root_class', 's3-bucket');
    await page.getByRole('button', { name: /next/i }).click();

    // One input per property of the class's schema; prod's limits folded in.
    const retention = page.getByLabel(/Backup retention/);
    await retention.waitFor({ timeout: 120_000 });
    expect(await retention.inputValue()).toBe('30');
    const backups = page.getByRole('checkbox', { name: /Backups/ });
    expect(await backups.isChecked()).toBe(true);
    expect(await backups.isDisabled()).toBe(true);
    await page.getByText(/Your app mounts the Secret uploads-connection: bucket, endpoint, region/).waitFor();
    await shot('parameters');

    // Below prod's limit: the planner's finding, on the field, as it is typed.
    await retention.fill('10');
    await page.getByText(/parameter retentionDays must be >= 30: the limits of stage prod refuse it/).waitFor();
    await shot('parameters-refused');
    await retention.fill('90');
    await page.getByRole('checkbox', { name: /Versioning/ }).check();
    await page.getByRole('button', { name: /next/i }).click();

    // The preview plans it; within prod's limits, the tenant's request lands directly.
    await page
      .getByText(/Add cloud resource uploads \(s3-bucket\) to shop in stage prod/)
      .first()
      .waitFor();
    await page
      .getByText(/Direct: committed (to \S+ )?as is/)
      .first()
      .waitFor();
    await shot('preview');
    await page.getByRole('button', { name: /^review$/i }).click();
    await page.getByRole('button', { name: /^create$/i }).click();
    await page.getByText(/Outcome: committed/).waitFor({ timeout: 180_000 });
    await shot('task-done');

    expect(git('rev-parse', 'main^')).toBe(head);
    const claim = git('show', 'main:apps/shop/prod/cloud/uploads.yaml');
    // Typed values (not "90" and "true"), the defaults filled in.
    expect(claim).toMatch(/retentionDays: 90\n/);
    expect(claim).toMatch(/versioning: true\n/);
    expect(claim).toMatch(/backups: true\n/);
    expect(claim).toMatch(/region: eu-west-1\n/);
  });
});
