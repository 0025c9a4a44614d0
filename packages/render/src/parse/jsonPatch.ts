/**
 * RFC 6902 JSON Patch, the subset kustomize's `patches` use in Platter
 * repositories (add, remove, replace, test), applied to a copy of an object. The
 * static build uses it to see env addon overrides the way kustomize applies
 * them: a failing `test` means the stage changed under the override.
 */
export interface JsonPatchResult {
  readonly value?: unknown;
  /** Why the patch does not apply (kustomize would fail the build). */
  readonly error?: string;
}

export function applyJsonPatch(target: unknown, ops: readonly unknown[]): JsonPatchResult {
  let doc = structuredClone(target);
  for (const raw of ops) {
    const op = raw as { op?: unknown; path?: unknown; value?: unknown };
    if (typeof op?.path !== 'string' || typeof op.op !== 'string')
      return { error: `malformed operation ${JSON.stringify(raw)}` };
    const tokens = parsePointer(op.path);
    if (!tokens) return { error: `invalid path ${op.path}` };
    const parent = resolve(doc, tokens.slice(0, -1));
    const last = tokens.at(-1);
    if (last === undefined) {
      if (op.op === 'replace' || op.op === 'add') {
        doc = structuredClone(op.value);
        continue;
      }
      return { error: `cannot ${op.op} the document root` };
    }
    if (parent === undefined || parent === null || typeof parent !== 'object')
      return { error: `${op.op} ${op.path}: parent does not exist` };
    const isArray = Array.isArray(parent);
    const index = isArray ? (last === '-' ? (parent as unknown[]).length : Number(last)) : NaN;
    if (isArray && (!Number.isInteger(index) || index < 0)) return { error: `${op.op} ${op.path}: bad array index` };
    const container = parent as Record<string, unknown> & unknown[];
    const exists = isArray ? index < container.length : Object.prototype.hasOwnProperty.call(container, last);
    switch (op.op) {
      case 'test':
        if (!exists || JSON.stringify(isArray ? container[index] : container[last]) !== JSON.stringify(op.value)) {
          return {
            error: `test ${op.path} failed: expected ${JSON.stringify(op.value)}, found ${JSON.stringify(isArray ? container[index] : container[last])}`,
          };
        }
        break;
      case 'add':
        if (isArray) {
          if (index > container.length) return { error: `add ${op.path}: index out of range` };
          container.splice(index, 0, structuredClone(op.value));
        } else container[last] = structuredClone(op.value);
        break;
      case 'remove':
      case 'replace':
        if (!exists) return { error: `${op.op} ${op.path}: nothing there` };
        if (op.op === 'remove') {
          if (isArray) container.splice(index, 1);
          else delete container[last];
        } else if (isArray) container[index] = structuredClone(op.value);
        else container[last] = structuredClone(op.value);
        break;
      default:
        return { error: `operation "${op.op}" is not supported here` };
    }
  }
  return { value: doc };
}

function parsePointer(path: string): string[] | undefined {
  if (path === '') return [];
  if (!path.startsWith('/')) return undefined;
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolve(doc: unknown, tokens: readonly string[]): unknown {
  let cur = doc;
  for (const t of tokens) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(t)] : (cur as Record<string, unknown>)[t];
  }
  return cur;
}
