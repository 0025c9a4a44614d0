import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { byteOrder } from '../fileTree/byteOrder';

/**
 * The digest of a released component version: sha256 over its files, so a hand
 * edit inside a released version is caught (ComponentVersionImmutable).
 *
 * Input: every file of the version directory except component.yaml, as
 * (path relative to the version directory, content), plus component.yaml's
 * *data* without `lifecycle` and `digest` (deprecation is the one permitted
 * change). Data rather than text, so reformatting component.yaml is not an edit.
 * Framing: `path\0content\0` per file in byte order of paths, then
 * `component.yaml\0<canonical JSON>`.
 */
export function computeComponentDigest(files: ReadonlyArray<readonly [string, string]>, metadata: unknown): string {
  const enc = new TextEncoder();
  const parts: string[] = [];
  for (const [path, content] of [...files].sort(([a], [b]) => byteOrder(a, b))) {
    if (path === 'component.yaml') continue;
    parts.push(path, '\0', content, '\0');
  }
  parts.push('component.yaml\0', canonicalJson(metadata));
  return `sha256:${bytesToHex(sha256(enc.encode(parts.join(''))))}`;
}

/** JSON with object keys sorted at every level and undefined dropped: equal data, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Short stable hash (hex) of any JSON-like value, e.g. the Platter-Request trailer. */
export function hashValue(value: unknown, length = 16): string {
  return bytesToHex(sha256(new TextEncoder().encode(canonicalJson(value)))).slice(0, length);
}
