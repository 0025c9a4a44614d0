import type { Entity } from '@backstage/catalog-model';
import { versionUsage, type Fleet } from '@platter/model';
import { generateFleet, REFERENCE_SHAPE } from '@platter/tools-fleet';
import { platterEntityRef } from '@platter/plugin-platter-common';
import type { Page, Route } from 'playwright-core';

/**
 * The runtime-component entities as the catalog served them before issue 24
 * (commit 487e7d1), rebuilt from today's answer: each version's envs by name
 * (`usedBy.environments`, a count since 52a1c8d) and a `dependencyOf` relation
 * from every env that runs the component (envs stopped depending on their
 * components in 2e01bc6). The Menu page before issue 24 then downloads and lists
 * what it did: "today's" page of the issue, in the same run as the new one.
 *
 * The names come from the fleet the portal serves (tools/fleet, generated again
 * from the same shape) through the model's `versionUsage`, what the provider
 * counts; a count that disagrees with the catalog's is an error, not a baseline.
 */
export function originalRuntimeComponents(items: readonly Entity[], fleet: Fleet): Entity[] {
  return items.map((entity) => {
    const facts = entity.spec?.platter as
      { name: string; versions: { version: string; usedBy: { environments: unknown } }[] } | undefined;
    if (entity.spec?.type !== 'runtime-component' || !facts) return entity;
    const versions = facts.versions.map((v) => {
      const names = versionUsage(fleet, facts.name, v.version).environments;
      if (names.length !== v.usedBy.environments) {
        throw new Error(
          `P5: ${facts.name}@${v.version} runs in ${String(v.usedBy.environments)} envs by the catalog but ${names.length} by the regenerated fleet: the portal serves another fleet`,
        );
      }
      return { ...v, usedBy: { ...v.usedBy, environments: names } };
    });
    const envs = [...new Set(versions.flatMap((v) => v.usedBy.environments))].sort();
    return {
      ...entity,
      spec: { ...entity.spec, platter: { ...facts, versions } },
      relations: [
        ...(entity.relations ?? []),
        ...envs.map((env) => ({ type: 'dependencyOf', targetRef: platterEntityRef.environment(env) })),
      ],
    };
  });
}

/** Whether a request is the old Menu page's read of the runtime-component entities. */
export const isRuntimeComponentList = (url: string) =>
  url.includes('/api/catalog/entities?') && url.includes('runtime-component');

/**
 * Serves the page the runtime-component entities as they were: the catalog's
 * real answer, rebuilt by {@link originalRuntimeComponents}. The fleet is the
 * one tools/fleet/bin/write-repository.js writes for `envs` (its reference shape).
 * The catalog is asked once and the rebuilt answer kept (the fleet does not
 * change during the run): later runs get it without the catalog's or the
 * rebuild's time, which if anything favours the old page. Returns the route's removal.
 */
export async function serveOriginalRuntimeComponents(page: Page, envs: number): Promise<() => Promise<void>> {
  const fleet = generateFleet({ ...REFERENCE_SHAPE, envs });
  const answers = new Map<string, { status: number; headers: Record<string, string>; body: string }>();
  const handler = async (route: Route) => {
    const url = route.request().url();
    let answer = answers.get(url);
    if (!answer) {
      const response = await route.fetch();
      const body = (await response.json()) as { items?: Entity[] } | Entity[];
      const json = Array.isArray(body)
        ? originalRuntimeComponents(body, fleet)
        : { ...body, items: originalRuntimeComponents(body.items ?? [], fleet) };
      const { 'content-length': _length, 'content-encoding': _encoding, ...headers } = response.headers();
      answer = { status: response.status(), headers, body: JSON.stringify(json) };
      answers.set(url, answer);
    }
    await route.fulfill(answer);
  };
  const matches = (url: URL) => isRuntimeComponentList(url.href);
  await page.route(matches, handler);
  return () => page.unroute(matches, handler);
}
