/**
 * Finds the `${...}` expressions Flux's post-build substitution evaluates, the way
 * fluxcd/pkg `envsubst` (a fork of drone/envsubst, see envsubst/parse/{parse,scan}.go
 * and envsubst/template.go) parses them, so the oracle can say which variables
 * would silently become "" and which text would make Flux fail the build.
 *
 * What the parser accepts, and what it means here:
 * - `$${...}` is an escape: it yields the literal `${...}` (one `$` dropped);
 *   a lone `$` or `$name` is plain text, only `${` starts an expression.
 * - `${name}`, and the value-reading forms `${#name}`, `${name^}`, `${name,,}`,
 *   `${name:1:2}`, `${name/a/b}`, `${name#p}`, `${name%p}`: the variable must be defined.
 * - `${name:=d}`, `${name:-d}`, `${name=d}`, `${name:?d}`, `${name:+d}`: all go through
 *   envsubst's `toDefault`, so they fall back to `d` when the variable is empty or
 *   undefined; variables inside `d` matter only then.
 * - `${name-d}` is NOT supported by Flux's fork (parseFunc has no `-` case: "missing
 *   closing brace"), nor are names with `.`, `[` or `-`: Flux fails the whole build.
 *   These are reported as parse errors.
 */

/** One `${...}` expression. */
export interface VariableRef {
  readonly name: string;
  /** The operator after the name: '' for `${name}`, ':=' / ':-' / '=' / ':?' / ':+' for defaults, '^', '/', ... */
  readonly op: string;
  /** True when the operator supplies a fallback (the variable may be undefined). */
  readonly hasDefault: boolean;
  /** Expressions inside the fallback; they are used only when the variable has no value. */
  readonly fallback: readonly VariableRef[];
  /** Offset of the `$` in the scanned text. */
  readonly offset: number;
}

export interface VariableScanError {
  readonly offset: number;
  readonly message: string;
}

export interface VariableScan {
  readonly refs: readonly VariableRef[];
  /** The first text envsubst cannot parse (Flux then fails the whole build); scanning stops there. */
  readonly error?: VariableScanError;
}

const DEFAULT_OPS = new Set([':=', ':-', '=', ':?', ':+']);
const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{Nd}_]/u.test(c);

class ParseError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Scans text (one object's YAML) for `${...}` expressions, top level first, in order. */
export function scanVariables(text: string): VariableScan {
  const refs: VariableRef[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      i += 2; // `$$` is an escaped `$`: what follows is text
      continue;
    }
    if (next !== '{') {
      i++;
      continue;
    }
    try {
      const { ref, used, end } = parseExpression(text, i);
      refs.push(ref, ...used);
      i = end;
    } catch (e) {
      if (e instanceof ParseError) return { refs, error: { offset: e.offset, message: e.message } };
      throw e;
    }
  }
  return { refs };
}

interface Parsed {
  readonly ref: VariableRef;
  /** Expressions nested in the arguments of a value-reading operator (`${a/${b}/c}`): evaluated and used. */
  readonly used: readonly VariableRef[];
  /** Offset after the closing `}`. */
  readonly end: number;
}

/** Parses `${...}` starting at `start` (the `$`). */
function parseExpression(text: string, start: number): Parsed {
  let i = start + 2;
  const snippet = () => text.slice(start, Math.min(text.length, start + 40)).split('\n')[0];
  const fail = (why: string): never => {
    throw new ParseError(start, `${why} in "${snippet()}"`);
  };
  const readName = (): string => {
    const from = i;
    while (isIdentChar(text[i])) i++;
    return text.slice(from, i);
  };

  if (text[i] === '#') {
    // ${#name}: length
    i++;
    const name = readName();
    if (!name || text[i] !== '}') fail('bad substitution');
    return { ref: { name, op: '#', hasDefault: false, fallback: [], offset: start }, used: [], end: i + 1 };
  }
  const name = readName();
  if (!name) fail('unable to parse variable name');
  const c = text[i];
  if (c === '}') return { ref: { name, op: '', hasDefault: false, fallback: [], offset: start }, used: [], end: i + 1 };

  let op: string;
  if (c === ':' && '=-?+'.includes(text[i + 1] ?? '\0')) op = `:${text[i + 1]}`;
  else if (c === ':' || c === '=') op = c;
  else if (c === ',' || c === '^') op = text[i + 1] === c ? c + c : c;
  else if (c === '/' || c === '#' || c === '%') op = c;
  else return fail(`missing closing brace (Flux supports \${name}, \${name:=default}, \${name:-default}, not "${c}")`);
  if (op === ',' || op === ',,' || op === '^' || op === '^^') {
    i += op.length;
    if (text[i] !== '}') fail('bad substitution');
    return { ref: { name, op, hasDefault: false, fallback: [], offset: start }, used: [], end: i + 1 };
  }
  i += op === ':' ? 1 : op.length;
  // The arguments run to the closing brace; nested `${...}` are expressions of their own.
  const nested: VariableRef[] = [];
  while (text[i] !== '}') {
    if (i >= text.length) fail('missing closing brace');
    if (text[i] === '$' && text[i + 1] === '{') {
      const inner = parseExpression(text, i);
      nested.push(inner.ref, ...inner.used);
      i = inner.end;
    } else i++;
  }
  const hasDefault = DEFAULT_OPS.has(op);
  return {
    ref: { name, op, hasDefault, fallback: hasDefault ? nested : [], offset: start },
    used: hasDefault ? [] : nested,
    end: i + 1,
  };
}

/**
 * Expressions that would not get a value: a variable that is not defined and has no
 * default, or whose default itself uses undefined variables (those are returned).
 * Defined variables count as resolved whatever their value (SOPS-encrypted values
 * cannot be read, and an empty value is a deliberate choice).
 */
export function unresolvedVariables(refs: readonly VariableRef[], isDefined: (name: string) => boolean): VariableRef[] {
  const out: VariableRef[] = [];
  const visit = (ref: VariableRef) => {
    if (isDefined(ref.name)) return;
    if (!ref.hasDefault) out.push(ref);
    else for (const f of ref.fallback) visit(f);
  };
  refs.forEach(visit);
  return out;
}
