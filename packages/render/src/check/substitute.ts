import { scanVariables, unresolvedVariables, type VariableRef } from '@platter/model';

/**
 * Flux post-build substitution on built objects, for what `platter check` needs:
 * the values of names and namespaces (so `${namespace_name:=default}` names the
 * namespace a Kustomization really creates, and a nested Kustomization's
 * `spec.path` is followed), and the variables nobody defines. `${name}`,
 * `${name:=d}`, `${name:-d}`, `${name=d}` and the `$${` escape are evaluated;
 * other forms are left as they are (their variables are still reported by
 * {@link unresolvedIn}, which uses the model's envsubst scanner).
 */
const EXPRESSION = /\$\$\{|\$\{([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[=-])((?:[^{}]|\{[^{}]*\})*))?\}/g;

export function substituteString(text: string, vars: ReadonlyMap<string, string>): string {
  if (!text.includes('${')) return text;
  return text.replace(
    EXPRESSION,
    (_whole: string, name: string | undefined, op: string | undefined, fallback: string | undefined) => {
      if (name === undefined) return '${'; // `$${` yields a literal `${`
      const value = vars.get(name);
      if (op === undefined) return value ?? '';
      if (value !== undefined && value !== '') return value;
      if (op === '=' && value !== undefined) return value;
      return substituteString(fallback ?? '', vars);
    },
  );
}

/** `value` with every string (keys too) substituted; parts without an expression are shared, not copied. */
export function substituteValue(value: unknown, vars: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return substituteString(value, vars);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const next = substituteValue(v, vars);
      if (next !== v) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = substituteString(k, vars);
      const next = substituteValue(v, vars);
      if (key !== k || next !== v) changed = true;
      out[key] = next;
    }
    return changed ? out : value;
  }
  return value;
}

/** Every string (keys included) of a value. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      yield k;
      yield* strings(v);
    }
  }
}

/** The `${...}` expressions of a value, scanned once per value object (built objects are shared and never mutated). */
const scans = new WeakMap<object, { refs: VariableRef[]; error?: string }>();

function scan(value: unknown): { refs: VariableRef[]; error?: string } {
  const cached = value && typeof value === 'object' ? scans.get(value) : undefined;
  if (cached) return cached;
  const refs: VariableRef[] = [];
  let error: string | undefined;
  for (const s of strings(value)) {
    if (!s.includes('${')) continue;
    const found = scanVariables(s);
    if (found.error && error === undefined) error = found.error.message;
    refs.push(...found.refs);
  }
  const result = { refs, ...(error !== undefined ? { error } : {}) };
  if (value && typeof value === 'object') scans.set(value, result);
  return result;
}

/** The variables of `value` that `defined` does not define (defaults considered), and the first parse error. */
export function unresolvedIn(value: unknown, defined: (name: string) => boolean): { names: string[]; error?: string } {
  const { refs, error } = scan(value);
  if (!refs.length) return { names: [], ...(error !== undefined ? { error } : {}) };
  const names = new Set(unresolvedVariables(refs, defined).map((r) => r.name));
  return { names: [...names].sort(), ...(error !== undefined ? { error } : {}) };
}

/** Whether a value holds any `${...}` expression. */
export function hasExpressions(value: unknown): boolean {
  const { refs, error } = scan(value);
  return refs.length > 0 || error !== undefined;
}
