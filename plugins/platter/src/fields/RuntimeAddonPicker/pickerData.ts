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

export async function loadPickerData(catalogApi: CatalogApi, stageName: string | undefined): Promise<PickerData> {
  const [components, stageEntity] = await Promise.all([
    loadPlatterEntities(catalogApi, 'runtime-component'),
    stageName ? catalogApi.getEntityByRef(platterEntityRef.stage(stageName)) : Promise.resolve(undefined),
  ]);
  const stageFacts = platterFacts(stageEntity, 'stage');
  const services = components.map((c) => toRuntimeService(c.facts)).sort((a, b) => a.name.localeCompare(b.name));
  return { services, ...(stageFacts ? { stage: toStage(stageFacts) } : {}) };
}
