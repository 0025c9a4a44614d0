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
  return text.replace(EXPRESSION, (_whole: string, name: string | undefined, op: string | undefined, fallback: string | undefined) => {
    if (name === undefined) return '${'; // `$${` yields a literal `${`
    const value = vars.get(name);
    if (op === undefined) return value ?? '';
    if (value !== undefined && value !== '') return value;
    if (op === '=' && value !== undefined) return value;
    return substituteString(fallback ?? '', vars);
  });
}

/** A deep copy of `value` with every string (keys too) substituted. */
export function substituteValue(value: unknown, vars: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return substituteString(value, vars);
  if (Array.isArray(value)) return value.map((v) => substituteValue(v, vars));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[substituteString(k, vars)] = substituteValue(v, vars);
    return out;
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

/** The variables of `value` that `defined` does not define (defaults considered), and the first parse error. */
export function unresolvedIn(value: unknown, defined: (name: string) => boolean): { names: string[]; error?: string } {
  const names = new Set<string>();
  let error: string | undefined;
  for (const s of strings(value)) {
    if (!s.includes('${')) continue;
    const scan = scanVariables(s);
    if (scan.error && error === undefined) error = scan.error.message;
    for (const ref of unresolvedVariables(scan.refs, defined) as readonly VariableRef[]) names.add(ref.name);
  }
  return { names: [...names].sort(), ...(error !== undefined ? { error } : {}) };
}

/** Whether a value holds any `${...}` expression. */
export function hasExpressions(value: unknown): boolean {
  for (const s of strings(value)) if (s.includes('${')) return true;
  return false;
}
