/**
 * Every error and diagnostic code Platter emits (DESIGN §3). Callers branch on
 * the code, never on message text. Each code says what the user must fix.
 */
export const ERROR_CODES = [
  // names and shapes
  'InvalidName',
  'ReservedName',
  'ReservedNamespace',
  'NamespaceCollision',
  'DuplicateResourceId',
  'DuplicateName',
  'InvalidSettings',
  'InvalidManifest',
  'YamlAliasLimit',
  'InvalidRequest',
  'NamespaceNotOwned',
  'ManagedFileEdited',
  'ManagedFieldEdited',
  'CodeownersBehind',
  // references
  'UnknownStage',
  'UnknownEnvironment',
  'UnknownApp',
  'UnknownTenant',
  'TenantNotInStage',
  'TenantHasApps',
  'StageInUse',
  'UnknownRuntimeService',
  'UnknownComponentVersion',
  'UnknownAddon',
  'UnknownDependency',
  'DependencyCycle',
  'UnknownOwner',
  // the menu
  'AddonConflict',
  'AddonIncompatible',
  'MissingPatchTarget',
  'InvalidSemVer',
  'PrereleaseNotAllowed',
  'Downgrade',
  'ComponentVersionInUse',
  'ComponentVersionImmutable',
  'ComponentVersionExists',
  'DeprecatedVersion',
  'AppNotDeployed',
  'AlreadyAbsent',
  'AlreadyExists',
  'SecretNeeded',
  'SunsetVersion',
  // kustomize / flux structure
  'MissingFile',
  'ComponentUnderResources',
  'KustomizationUnderComponents',
  'NamespaceInComponent',
  'DiamondComponent',
  'StaleOverride',
  'PatchDoesNotApply',
  // any Flux repository (platter check)
  'MissingPath',
  'DeprecatedApi',
  'PlaintextSecret',
  'ExternalSource',
  'NoFluxClusters',
  'NotReached',
  'NotPlatterShaped',
  // platter adopt: the migration would change what Flux applies (the proof failed)
  'AdoptionChangesObjects',
  // platter adopt (a warning): a Flux Kustomization it renames collects what it applied when Flux deletes it
  'RenamePrunes',
  // the CLI's first minutes (init, -C)
  'NotADirectory',
  'DirectoryNotEmpty',
  'WouldOverwrite',
  // tenancy
  'ClusterScopedInTenantPath',
  'PrivilegedInTenantPath',
  'CrossNamespaceSource',
  'MissingServiceAccount',
  // config and secrets
  'MissingConfigKey',
  'MissingSecretKey',
  'NotEncrypted',
  'CredentialsInUrl',
  'InvalidEncryption',
  'MissingRecipients',
  'UnresolvedVariable',
  'InvalidVariableName',
  // the rendered diff: what a change does on the cluster that needs a second look (warnings)
  'NamespaceRemoved',
  'CrdRemoved',
  'PruneDisabledRemoved',
  'ImmutableFieldChanged',
  'SuspendFlipped',
  'ChartMajorVersionChanged',
  'SubstitutedSecretKeyRemoved',
  // explain: the object asked for is not in the env's build
  'UnknownObject',
  // I/O, access and concurrency
  'PathEscape',
  'Forbidden',
  'Frozen',
  'FreezeOverride',
  // upgrade campaigns: a wave before an earlier one landed; a wave inside the soak time
  'WaveOutOfOrder',
  'Soaking',
  // a platter.yaml key still read but replaced (spec.campaigns.soak by spec.stages[].promotion.soak): a warning
  'DeprecatedSetting',
  // cloud resources (issue 21): a class that is not on the menu or is malformed, parameters the class's schema
  // or the stage's limits refuse, a removal whose deletionPolicy was not confirmed (removing what is not there is
  // AlreadyAbsent, empty);
  // CloudResourceNeedsReview (a warning) sends a tenant's request the stage does not allow as is to review
  'UnknownCloudClass',
  'InvalidCloudClass',
  'InvalidCloudParameters',
  'CloudParameterOutOfLimits',
  'DeletionPolicyNotConfirmed',
  'CloudResourceNeedsReview',
  // a released class version's contract (backend, parameters, outputs) edited after its release (git history)
  'CloudClassImmutable',
  'Conflict',
  'KustomizeBuildFailed',
  'MissingNamespace',
  'GitFailed',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes that are warnings: they are reported but never reject a request or fail validation. */
/**
 * Danger findings of a plan's rendered diff (DESIGN §6): the objects Flux applies change in a way that
 * deletes data, leaves objects behind, fails the apply (an immutable field) or changes what runs.
 * Warnings: they never reject a request, but a tenant's request with one goes to platform review.
 */
export const DANGER_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NamespaceRemoved',
  'CrdRemoved',
  'PruneDisabledRemoved',
  'ImmutableFieldChanged',
  'SuspendFlipped',
  'ChartMajorVersionChanged',
  'SubstitutedSecretKeyRemoved',
]);

export const WARNING_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CodeownersBehind',
  'ManagedFieldEdited',
  'DeprecatedVersion',
  'DeprecatedApi',
  'DeprecatedSetting',
  'AppNotDeployed',
  'SecretNeeded',
  'AlreadyAbsent',
  'FreezeOverride',
  'CloudResourceNeedsReview',
  'RenamePrunes',
  ...DANGER_CODES,
]);

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
