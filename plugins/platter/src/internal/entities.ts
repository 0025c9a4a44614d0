import type { Entity } from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import type {
  EnvironmentFacts,
  PlatterEntityType,
  RuntimeComponentFacts,
  StageFacts,
} from '@platter/plugin-platter-common';

/**
 * Reads the Platter facts the catalog provider writes under `spec.platter`
 * (types in platter-common). The frontend only reads them; it never derives
 * facts the provider did not write.
 */
export interface FactsByType {
  environment: EnvironmentFacts;
  stage: StageFacts;
  'runtime-component': RuntimeComponentFacts;
}

export function platterFacts<T extends PlatterEntityType>(
  entity: Entity | undefined,
  type: T,
): FactsByType[T] | undefined {
  if (!entity || entity.spec?.type !== type) return undefined;
  const facts = entity.spec?.platter;
  return facts && typeof facts === 'object' && !Array.isArray(facts) ? (facts as unknown as FactsByType[T]) : undefined;
}

export interface PlatterEntity<T extends PlatterEntityType> {
  readonly entity: Entity;
  readonly facts: FactsByType[T];
}

/** Every Platter entity of one type (kind Resource, `spec.type`), entities without facts left out. */
export async function loadPlatterEntities<T extends PlatterEntityType>(
  catalogApi: CatalogApi,
  type: T,
): Promise<PlatterEntity<T>[]> {
  const { items } = await catalogApi.getEntities({ filter: { kind: 'resource', 'spec.type': type } });
  const out: PlatterEntity<T>[] = [];
  for (const entity of items) {
    const facts = platterFacts(entity, type);
    if (facts) out.push({ entity, facts });
  }
  return out;
}
