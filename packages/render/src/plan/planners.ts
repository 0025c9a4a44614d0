/**
 * The planner of every request kind: `PlannerTable` makes a kind without a
 * planner a compile error.
 */
import { planCreateEnvironment } from './createEnvironment/plan';
import { planDeleteEnvironment } from './deleteEnvironment/plan';
import { planCreateStage } from './createStage/plan';
import { planDeleteStage } from './deleteStage/plan';
import { planOnboardTenant } from './onboardTenant/plan';
import { planOffboardTenant } from './offboardTenant/plan';
import { planOnboardApp } from './onboardApp/plan';
import { planOffboardApp } from './offboardApp/plan';
import { planEnableAddon } from './enableAddon/plan';
import { planDisableAddon } from './disableAddon/plan';
import { planAddComponentToStage } from './addComponentToStage/plan';
import { planRemoveComponentFromStage } from './removeComponentFromStage/plan';
import { planPromoteApp } from './promoteApp/plan';
import { planRollback } from './rollback/plan';
import { planSetConfig } from './setConfig/plan';
import { planSetSecret } from './setSecret/plan';
import { planAddRuntimeService } from './addRuntimeService/plan';
import { planReleaseComponentVersion } from './releaseComponentVersion/plan';
import { planDeprecateComponentVersion } from './deprecateComponentVersion/plan';
import { planRemoveComponentVersion } from './removeComponentVersion/plan';
import { planUpgradeComponent } from './upgradeComponent/plan';
import { planUpgradeCampaign } from './upgradeCampaign/plan';
import { planAddCloudResource } from './addCloudResource/plan';
import { planRemoveCloudResource } from './removeCloudResource/plan';
import type { PlannerTable } from './types';

export const PLANNERS: PlannerTable = {
  CreateEnvironment: planCreateEnvironment,
  DeleteEnvironment: planDeleteEnvironment,
  CreateStage: planCreateStage,
  DeleteStage: planDeleteStage,
  OnboardTenant: planOnboardTenant,
  OffboardTenant: planOffboardTenant,
  OnboardApp: planOnboardApp,
  OffboardApp: planOffboardApp,
  EnableAddon: planEnableAddon,
  DisableAddon: planDisableAddon,
  AddComponentToStage: planAddComponentToStage,
  RemoveComponentFromStage: planRemoveComponentFromStage,
  PromoteApp: planPromoteApp,
  Rollback: planRollback,
  SetConfig: planSetConfig,
  SetSecret: planSetSecret,
  AddRuntimeService: planAddRuntimeService,
  ReleaseComponentVersion: planReleaseComponentVersion,
  DeprecateComponentVersion: planDeprecateComponentVersion,
  RemoveComponentVersion: planRemoveComponentVersion,
  UpgradeComponent: planUpgradeComponent,
  UpgradeCampaign: planUpgradeCampaign,
  AddCloudResource: planAddCloudResource,
  RemoveCloudResource: planRemoveCloudResource,
};
