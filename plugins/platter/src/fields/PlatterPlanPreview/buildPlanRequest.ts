/**
 * Turns a template's form data into a change request for `POST /api/platter/plan`.
 *
 * ui:options of PlatterPlanPreview (all but `kind` optional):
 * - `kind`: the request kind (`OnboardApp`, `EnableAddon`, ...; DESIGN §3).
 * - `request`: constant request fields, applied first (`{ source: { type: image } }`).
 * - `mapping`: form field → request field. Keys name a form field, or a path
 *   into its value (`ingress.service`). Values name the request field:
 *   - a dotted path sets a nested field: `image: source.image`;
 *   - `.` merges an object value into the request itself: a RuntimeAddonPicker
 *     `{ service, version, addons }` mapped with `.` fills AddComponentToStage;
 *   - a segment ending in `[]` makes a list with one entry per element of the
 *     value (a single value gives one): `stages: targets[].stage` turns
 *     `[staging, prod]` into `targets: [{ stage: staging }, { stage: prod }]`;
 *     a second mapping onto the same list appends (`envs: targets[].env`).
 *   Without `mapping`, every form field goes under its own name.
 * - `omit`: form fields never sent.
 *
 * Never sent, mapped or not: the preview field itself, fields in `omit`, and
 * every field backed by the scaffolder's Secret widget (`ui:field: Secret`; the
 * form only holds a mask of those, the value lives in the template secrets).
 * Empty values (undefined, null, '') are left out so the request's defaults apply.
 */
export type PlanPreviewUiOptions = {
  readonly kind: string;
  readonly request?: Record<string, unknown>;
  readonly mapping?: Record<string, string>;
  readonly omit?: readonly string[];
};

export interface BuiltRequest {
  readonly request: Record<string, unknown>;
  /** Form fields left out because they are secret (or omitted), for display. */
  readonly withheld: readonly string[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => v === undefined || v === null || v === '';
/** Form data is JSON: a JSON round trip copies it (the request never shares objects with the form). */
const copy = <T,>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

function readPath(data: Record<string, unknown>, path: string): unknown {
  let at: unknown = data;
  for (const key of path.split('.')) {
    if (!isPlainObject(at)) return undefined;
    at = at[key];
  }
  return at;
}

function writePath(target: Record<string, unknown>, path: string, value: unknown): void {
  if (path === '.' || path === '') {
    if (isPlainObject(value)) Object.assign(target, copy(value));
    return;
  }
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const restPath = rest.join('.');
  if (head.endsWith('[]')) {
    const key = head.slice(0, -2);
    const list = Array.isArray(target[key]) ? (target[key] as unknown[]) : [];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (isEmpty(item)) continue;
      if (restPath === '') list.push(copy(item));
      else {
        const entry: Record<string, unknown> = {};
        writePath(entry, restPath, item);
        list.push(entry);
      }
    }
    target[key] = list;
    return;
  }
  if (restPath === '') {
    target[head] = copy(value);
    return;
  }
  const child = isPlainObject(target[head]) ? (target[head] as Record<string, unknown>) : {};
  target[head] = child;
  writePath(child, restPath, value);
}

export function buildPlanRequest(
  formData: Record<string, unknown>,
  options: PlanPreviewUiOptions,
  never: { readonly self: string; readonly secretFields: ReadonlySet<string> },
): BuiltRequest {
  const omitted = new Set(options.omit ?? []);
  const withheld = new Set<string>();
  const allowed = (formField: string): boolean => {
    const top = formField.split('.')[0]!;
    if (top === never.self) return false;
    if (never.secretFields.has(top) || omitted.has(top)) {
      withheld.add(top);
      return false;
    }
    return true;
  };
  const request: Record<string, unknown> = copy(options.request ?? {});
  const mapping = options.mapping ?? Object.fromEntries(Object.keys(formData).map((k) => [k, k]));
  for (const [from, to] of Object.entries(mapping)) {
    if (!allowed(from)) continue;
    const value = readPath(formData, from);
    if (isEmpty(value)) continue;
    writePath(request, to, value);
  }
  // Secret fields present in the form but not mapped are listed too: the user sees what stays behind.
  for (const name of Object.keys(formData)) if (never.secretFields.has(name)) withheld.add(name);
  delete request.kind; // `ui:options.kind` decides the kind, whatever the form says
  return { request: { kind: options.kind, ...request }, withheld: [...withheld].sort() };
}
