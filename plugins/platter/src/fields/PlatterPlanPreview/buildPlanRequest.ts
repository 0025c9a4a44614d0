/**
 * Turns a template's form data into a change request for `POST /api/platter/plan`.
 *
 * ui:options of PlatterPlanPreview (all but `kind` optional):
 * - `kind`: the request kind (`OnboardApp`, `EnableAddon`, ...; DESIGN §3).
 * - `request`: constant request fields, applied first (`{ source: { type: image } }`).
 * - `mapping`: form field → request field. Keys name a form field, or a path
 *   into its value (`ingress.service`). Values name the request field:
 *   - a dotted path sets a nested field: `image: source.image`; a number
 *     indexes a list (`secrets.0.values.token`, with `secrets` from `request`);
 *   - `.` merges an object value into the request itself: a RuntimeAddonPicker
 *     `{ service, version, addons }` mapped with `.` fills AddComponentToStage;
 *   - a segment ending in `[]` makes a list with one entry per element of the
 *     value (a single value gives one): `stages: targets[].stage` turns
 *     `[staging, prod]` into `targets: [{ stage: staging }, { stage: prod }]`;
 *     a second mapping onto the same list appends (`envs: targets[].env`).
 *   Without `mapping`, every form field goes under its own name.
 * - `omit`: form fields never sent.
 *
 * Secrets never leave the browser. A field backed by the scaffolder's Secret
 * field (`ui:field: Secret`: the form holds only a mask, the value lives in
 * the template secrets) is left out; when `mapping` names it, the request gets
 * the key with an empty placeholder instead of the value, so a SetSecret or
 * CreateEnvironment preview still knows which keys are set (the backend plans
 * with a placeholder sealed file; the request hash covers key names only).
 * The preview field itself and `omit` fields are never sent.
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
  /** Form fields whose values were not sent (secret or omitted), for display. */
  readonly withheld: readonly string[];
}

/** What a mapped secret field sends instead of its value. */
export const SECRET_PLACEHOLDER = '';

type Container = Record<string, unknown> | unknown[];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => v === undefined || v === null || v === '';
const isIndex = (key: string) => /^\d+$/.test(key);
/** Form data is JSON: a JSON round trip copies it (the request never shares objects with the form). */
const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

const get = (c: Container, key: string): unknown =>
  Array.isArray(c) ? (isIndex(key) ? c[Number(key)] : undefined) : c[key];
function set(c: Container, key: string, value: unknown): void {
  if (Array.isArray(c)) {
    if (isIndex(key)) c[Number(key)] = value;
  } else c[key] = value;
}

function readPath(data: Record<string, unknown>, path: string): unknown {
  let at: unknown = data;
  for (const key of path.split('.')) {
    if (!isPlainObject(at) && !Array.isArray(at)) return undefined;
    at = get(at, key);
  }
  return at;
}

function writePath(target: Container, path: string, value: unknown, writeEmpty = false): void {
  if (path === '.' || path === '') {
    if (isPlainObject(value) && !Array.isArray(target)) Object.assign(target, copy(value));
    return;
  }
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const restPath = rest.join('.');
  if (head.endsWith('[]')) {
    const key = head.slice(0, -2);
    const existing = get(target, key);
    const list = Array.isArray(existing) ? existing : [];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (isEmpty(item) && !writeEmpty) continue;
      if (restPath === '') list.push(copy(item));
      else {
        const entry: Record<string, unknown> = {};
        writePath(entry, restPath, item, writeEmpty);
        list.push(entry);
      }
    }
    set(target, key, list);
    return;
  }
  if (restPath === '') {
    set(target, head, copy(value));
    return;
  }
  const existing = get(target, head);
  const child: Container = isPlainObject(existing) || Array.isArray(existing) ? existing : isIndex(rest[0]!) ? [] : {};
  set(target, head, child);
  writePath(child, restPath, value, writeEmpty);
}

export function buildPlanRequest(
  formData: Record<string, unknown>,
  options: PlanPreviewUiOptions,
  never: { readonly self: string; readonly secretFields: ReadonlySet<string> },
): BuiltRequest {
  const omitted = new Set(options.omit ?? []);
  const withheld = new Set<string>();
  const request: Record<string, unknown> = copy(options.request ?? {});
  const mapping = options.mapping ?? Object.fromEntries(Object.keys(formData).map((k) => [k, k]));
  for (const [from, to] of Object.entries(mapping)) {
    const field = from.split('.')[0]!;
    if (field === never.self) continue;
    if (omitted.has(field)) {
      withheld.add(field);
      continue;
    }
    if (never.secretFields.has(field)) {
      withheld.add(field);
      // Only an explicit mapping says where the key belongs; the value stays in the browser.
      if (options.mapping) writePath(request, to, SECRET_PLACEHOLDER, true);
      continue;
    }
    const value = readPath(formData, from);
    if (isEmpty(value)) continue;
    writePath(request, to, value);
  }
  // Secret fields present in the form but not mapped are listed too: the user sees what stays behind.
  for (const name of Object.keys(formData)) if (never.secretFields.has(name)) withheld.add(name);
  delete request.kind; // `ui:options.kind` decides the kind, whatever the form says
  return { request: { kind: options.kind, ...request }, withheld: [...withheld].sort() };
}
