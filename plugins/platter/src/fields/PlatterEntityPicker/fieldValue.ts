import type { Entity } from '@backstage/catalog-model';
import { platterEntityName, type PlatterEntityType } from '@platter/plugin-platter-common';

/**
 * The one rule for a Platter stage, env or runtime component in a form (issue
 * 23 item 5): the field's value is what the CLI takes and what the Review step
 * shows, never a catalog ref. A field of one type holds the Platter name
 * (`staging`, `prod-eu`, `ingress-nginx`); a field of targets (stages and envs
 * mixed, or a list the template joins into targets) holds `stage:<name>` or
 * `env:<name>`, as `platter promote --to` names them. The actions turn either into the request's fields
 * (normalizeInput); catalog refs from Backstage's own pickers still work there.
 */
export function fieldValueOf(entity: Entity, asTarget: boolean): string | undefined {
  const type = entity.spec?.type as PlatterEntityType | undefined;
  const name = type ? platterNameOf(entity.metadata.name, type) : undefined;
  if (!type || !name) return undefined;
  return asTarget ? `${TARGET_PREFIX[type]}:${name}` : name;
}

/** What an option reads: the entity's title (the catalog provider sets it to the Platter name); `stage prod` when types mix. */
export function optionLabelOf(entity: Entity, mixed: boolean): string {
  const type = entity.spec?.type as PlatterEntityType | undefined;
  const title =
    entity.metadata.title ?? (type ? platterNameOf(entity.metadata.name, type) : undefined) ?? entity.metadata.name;
  return mixed && type ? `${WORD[type]} ${title}` : title;
}

const PREFIX: Record<PlatterEntityType, string> = {
  stage: platterEntityName.stage(''),
  environment: platterEntityName.environment(''),
  'runtime-component': platterEntityName.runtimeComponent(''),
};
const TARGET_PREFIX: Record<PlatterEntityType, string> = {
  stage: 'stage',
  environment: 'env',
  'runtime-component': 'component',
};
const WORD: Record<PlatterEntityType, string> = {
  stage: 'stage',
  environment: 'env',
  'runtime-component': 'component',
};

function platterNameOf(entityName: string, type: PlatterEntityType): string | undefined {
  const prefix = PREFIX[type];
  return prefix && entityName.startsWith(prefix) && entityName.length > prefix.length
    ? entityName.slice(prefix.length)
    : undefined;
}
