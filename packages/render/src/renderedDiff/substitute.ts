/**
 * Flux's postBuild substitution (fluxcd/pkg envsubst), on an object's strings:
 * `${name}` takes the variable's value ("" when undefined, as Flux does without
 * strict mode), the default forms (`${name:=d}`, `${name:-d}`, `${name=d}`) take `d`
 * when it is empty or undefined, `$${...}` is the escape for a literal `${...}`.
 * Other forms are left as written (validation reports what Flux would reject).
 */
/** Where substitution reads a variable's value (a Map will do). */
export interface VariableValues {
  get(name: string): string | undefined;
}

const EXPRESSION = /\$\$\{|\$\{([_a-zA-Z][_a-zA-Z0-9]*)(?:(:=|:-|=)([^}$]*))?\}/g;

export function substituteString(text: string, vars: VariableValues): string {
  if (!text.includes('${')) return text;
  return text.replace(
    EXPRESSION,
    (_match, name: string | undefined, op: string | undefined, fallback: string | undefined) => {
      if (name === undefined) return '${';
      const value = vars.get(name);
      if (op) return value ? value : (fallback ?? '');
      return value ?? '';
    },
  );
}

/** The object with every string substituted; the same object when nothing changes (no copy). */
export function substituteValue<T>(value: T, vars: VariableValues): T {
  if (typeof value === 'string') return substituteString(value, vars) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = substituteValue(value[i], vars);
      if (v !== value[i]) (out ??= [...value])[i] = v;
    }
    return (out ?? value) as T;
  }
  if (value && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const s = substituteValue(v, vars);
      if (s !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = s;
    }
    return (out ?? value) as T;
  }
  return value;
}

/** Variable names an object's strings use (`${name}` in any form; not `$${...}` escapes). */
export function variablesUsed(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (!value.includes('${')) return;
    for (const m of value.matchAll(/\$\$\{|\$\{([_a-zA-Z][_a-zA-Z0-9]*)/g)) if (m[1]) into.add(m[1]);
  } else if (Array.isArray(value)) for (const v of value) variablesUsed(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) variablesUsed(v, into);
}
