/** Value of the RuntimeAddonPicker form field. */
export interface RuntimeAddonPickerValue {
  readonly service: string;
  readonly version: string;
  readonly addons: readonly string[];
}

/** Value of the PlatterPlanPreview form field: what the user saw before submitting. */
export interface PlatterPlanPreviewValue {
  readonly requestHash?: string;
  readonly review?: 'direct' | 'platform-review';
  readonly changedFiles?: readonly string[];
}

/** Body of `POST /api/platter/plan`. */
export interface PlanRouteRequest {
  /** A change request (its `kind` and fields), as the template's form gives it. */
  readonly request: Record<string, unknown>;
}
