import type { Entity } from '@backstage/catalog-model';
import { PLATTER_ANNOTATIONS, PLATTER_ENTITY_TYPES } from '@platter/plugin-platter-common';

/**
 * Which entity pages show Platter's cards. Used as the new system's card
 * filters (alpha.tsx) and, in legacy apps, with `EntitySwitch.Case if={...}`.
 */

/** A Resource of `spec.type: environment`, as the Platter catalog provider emits it. */
export const isPlatterEnvironment = (entity: Entity): boolean =>
  entity.kind.toLocaleLowerCase('en-US') === 'resource' && entity.spec?.type === PLATTER_ENTITY_TYPES.environment;

/** An app's own Component (its catalog-info) carrying the `platter.dev/app` annotation. */
export const hasPlatterApp = (entity: Entity): boolean =>
  Boolean(entity.metadata.annotations?.[PLATTER_ANNOTATIONS.app]);

/** A Resource of `spec.type: stage`. */
export const isPlatterStage = (entity: Entity): boolean =>
  entity.kind.toLocaleLowerCase('en-US') === 'resource' && entity.spec?.type === PLATTER_ENTITY_TYPES.stage;

/** A Resource of `spec.type: runtime-component` (a component of the menu). */
export const isPlatterRuntimeComponent = (entity: Entity): boolean =>
  entity.kind.toLocaleLowerCase('en-US') === 'resource' && entity.spec?.type === PLATTER_ENTITY_TYPES.runtimeComponent;

/** A Group (a tenant's owner shows the tenant card; a string filter is deprecated in the new frontend system). */
export const isGroup = (entity: Entity): boolean => entity.kind.toLocaleLowerCase('en-US') === 'group';
