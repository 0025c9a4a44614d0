import type { CatalogApi } from '@backstage/plugin-catalog-react';
import type { RuntimeService, Stage } from '@platter/model';
import { platterEntityRef } from '@platter/plugin-platter-common';
import { loadPlatterEntities, platterFacts } from '../../internal/entities';
import { toRuntimeService, toStage } from '../../internal/modelAdapters';
import type { RuntimeAddonPickerUiOptions } from './schema';

/** What the picker and its validation read from the catalog: the menu, and the stage if one is named. */
export interface PickerData {
  readonly services: readonly RuntimeService[];
  readonly stage?: Stage;
  /**
   * When the form names an env or a stage: where, and the version of each
   * component running there (issue 23 item 5). An addon request changes what
   * runs there, so the picker offers that version only.
   */
  readonly target?: { readonly label: string; readonly running: Readonly<Record<string, string>> };
}

/** The env named by the form field `ui:options.environmentField` (an EntityPicker ref `resource:default/env-x`, or a name). */
export function environmentNameOf(
  options: RuntimeAddonPickerUiOptions | undefined,
  formData: Record<string, unknown> | undefined,
): string | undefined {
  const fromField = options?.environmentField ? formData?.[options.environmentField] : undefined;
  if (typeof fromField !== 'string' || fromField === '') return undefined;
  const ref = /^resource:(?:[^/]+\/)?env-(.+)$/.exec(fromField);
  return ref ? ref[1] : fromField;
}

/** The stage named by `ui:options.stage`, or by the form field `ui:options.stageField`. */
export function stageNameOf(
  options: RuntimeAddonPickerUiOptions | undefined,
  formData: Record<string, unknown> | undefined,
): string | undefined {
  if (options?.stage) return options.stage;
  const fromField = options?.stageField ? formData?.[options.stageField] : undefined;
  if (typeof fromField !== 'string' || fromField === '') return undefined;
  // An EntityPicker gives the stage entity's ref (`resource:default/stage-prod`); a text field gives the name.
  const ref = /^resource:(?:[^/]+\/)?stage-(.+)$/.exec(fromField);
  return ref ? ref[1] : fromField;
}

/**
 * The menu, the stage, and (`runningOnly`) what runs at the target: an env
 * (when named, it wins: the addon becomes its override) or else the stage.
 */
export async function loadPickerData(
  catalogApi: CatalogApi,
  stageName: string | undefined,
  envName?: string,
  runningOnly = false,
): Promise<PickerData> {
  const [components, envEntity] = await Promise.all([
    loadPlatterEntities(catalogApi, 'runtime-component'),
    envName ? catalogApi.getEntityByRef(platterEntityRef.environment(envName)) : Promise.resolve(undefined),
  ]);
  const envFacts = platterFacts(envEntity, 'environment');
  const stageOf = envFacts?.stage ?? stageName;
  const stageEntity = stageOf ? await catalogApi.getEntityByRef(platterEntityRef.stage(stageOf)) : undefined;
  const stageFacts = platterFacts(stageEntity, 'stage');
  const services = components.map((c) => toRuntimeService(c.facts)).sort((a, b) => a.name.localeCompare(b.name));
  const runningAt = !runningOnly
    ? undefined
    : (envFacts?.components ?? (stageName ? stageFacts?.components : undefined));
  const label = envFacts ? `env ${envFacts.name}` : `stage ${stageName}`;
  return {
    services,
    ...(stageFacts ? { stage: toStage(stageFacts) } : {}),
    ...(runningAt
      ? { target: { label, running: Object.fromEntries(runningAt.map((c) => [c.service, c.version])) } }
      : {}),
  };
}
