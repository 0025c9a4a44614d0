import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { REQUEST_KINDS, type RequestKind } from '@platter/model';
import { parseYamlValues } from '@platter/render';
import { z } from 'zod/v3';
import { PLATTER_ACTION_IDS, PLATTER_PUBLISH_ACTION_ID, platterInputSchema } from './actions';

/**
 * templates/ against the actions: each template is a valid v1beta3 Template,
 * runs one platter:<noun>:<verb> action and then platter:publish, gives that
 * action only inputs its schema has, previews the same request kind on its last
 * page, and templates/README.md documents every parameter. (They run as real
 * tasks in module.slow.test.ts.)
 */
const TEMPLATES_DIR = resolve(__dirname, '../../../templates');
const NAMES = [
  'onboard-app',
  'onboard-tenant',
  'request-addon',
  'new-environment',
  'new-stage',
  'promote-app',
  'upgrade-campaign',
  'request-cloud-resource',
];

const load = async (name: string) =>
  parseYamlValues(await readFile(resolve(TEMPLATES_DIR, name, 'template.yaml'), 'utf8'))[0] as any;
const kindOfAction = (id: string) => REQUEST_KINDS.find((k) => PLATTER_ACTION_IDS[k] === id);

describe.each(NAMES)('templates/%s', (name) => {
  it('is a valid scaffolder.backstage.io/v1beta3 Template', async () => {
    expect(await templateEntityV1beta3Validator.check(await load(name))).toBe(true);
  });

  it('plans with one platter action, previews the same kind last, then publishes', async () => {
    const t = await load(name);
    const [plan, publish, ...rest] = t.spec.steps;
    expect(rest).toEqual([]);
    const kind = kindOfAction(plan.action) as RequestKind;
    expect(kind).toBeDefined();
    expect(publish.action).toBe(PLATTER_PUBLISH_ACTION_ID);
    const pages = t.spec.parameters as { properties: Record<string, any> }[];
    const preview = Object.values(pages.at(-1)!.properties).find((p) => p['ui:field'] === 'PlatterPlanPreview');
    expect(preview?.['ui:options']?.kind).toBe(kind);
    const allowed = Object.keys(platterInputSchema(kind, z).shape);
    expect(Object.keys(plan.input).filter((k) => !allowed.includes(k))).toEqual([]);
  });

  it('is documented parameter by parameter in templates/README.md', async () => {
    const readme = await readFile(resolve(TEMPLATES_DIR, 'README.md'), 'utf8');
    const section = readme.split(/^## /m).find((s) => s.startsWith(`${name} `));
    expect(section).toBeDefined();
    const t = await load(name);
    for (const page of t.spec.parameters as { properties: Record<string, unknown> }[]) {
      for (const param of Object.keys(page.properties)) expect(section).toContain(`| \`${param}\` |`);
    }
  });
});
