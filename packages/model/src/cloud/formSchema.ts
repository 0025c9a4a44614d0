import { cloudStagePolicy } from './parameters';
import type { CloudClassVersion } from './types';

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The parameter schema a form shows for a class in a stage (issue 21): the
 * class's JSON schema with what the stage's limits say about each property
 * folded in, so the inputs offer only what the stage allows: a `const` becomes
 * the property's default and makes it read-only ("prod requires backups"), an
 * `enum` narrows the choices, bounds (`minimum`, `maximum`, lengths) tighten,
 * and a default outside them moves inside. Each folded property's description
 * says so (`stage prod: at least 30`).
 *
 * For display only: the request is judged by resolveCloudParameters (the
 * class's schema, then the stage's limits as stated), which also covers limit
 * keywords this does not fold (a `pattern`, an `allOf`). Pure.
 */
export function cloudParameterSchema(cls: CloudClassVersion, stage: string | undefined): Schema {
  const schema = JSON.parse(JSON.stringify(cls.parameters)) as Schema;
  const limits = stage !== undefined ? cloudStagePolicy(cls, stage).limits : undefined;
  const properties = isObject(schema['properties']) ? schema['properties'] : undefined;
  const limited = isObject(limits?.['properties']) ? (limits['properties'] as Schema) : {};
  if (!properties) return schema;
  for (const [field, limit] of Object.entries(limited)) {
    const prop = properties[field];
    if (!isObject(prop) || !isObject(limit)) continue;
    const notes = foldLimit(prop, limit);
    if (notes.length) {
      const said = `stage ${stage}: ${notes.join(', ')}`;
      prop['description'] = typeof prop['description'] === 'string' ? `${prop['description']} (${said})` : said;
    }
  }
  // The limits' own `required` fields are required here too.
  if (Array.isArray(limits?.['required'])) {
    const required = new Set([...(Array.isArray(schema['required']) ? schema['required'] : []), ...limits['required']]);
    schema['required'] = [...required].filter((f) => typeof f === 'string' && f in properties);
  }
  return schema;
}

/** Folds one property's limit into its schema (in place); says what it folded. */
function foldLimit(prop: Schema, limit: Schema): string[] {
  const notes: string[] = [];
  if ('const' in limit) {
    prop['const'] = limit['const'];
    prop['default'] = limit['const'];
    prop['readOnly'] = true;
    notes.push(`must be ${JSON.stringify(limit['const'])}`);
    return notes;
  }
  if (Array.isArray(limit['enum'])) {
    const allowed = limit['enum'] as unknown[];
    const before = Array.isArray(prop['enum']) ? (prop['enum'] as unknown[]) : undefined;
    const enumValues = before
      ? before.filter((v) => allowed.some((a) => JSON.stringify(a) === JSON.stringify(v)))
      : allowed;
    if (!enumValues.length) {
      // The class offers none of what the stage allows (platter validate reports the class): nothing is valid.
      delete prop['enum'];
      prop['not'] = {};
      notes.push('no value is allowed');
      return notes;
    }
    prop['enum'] = enumValues;
    if (!enumValues.some((v) => JSON.stringify(v) === JSON.stringify(prop['default']))) prop['default'] = enumValues[0];
    notes.push(`one of ${enumValues.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  const tighter = (key: string, pick: (a: number, b: number) => number, say: string) => {
    const v = limit[key];
    if (!isNumber(v)) return;
    prop[key] = isNumber(prop[key]) ? pick(prop[key] as number, v) : v;
    notes.push(`${say} ${prop[key] as number}`);
  };
  tighter('minimum', Math.max, 'at least');
  tighter('exclusiveMinimum', Math.max, 'more than');
  tighter('maximum', Math.min, 'at most');
  tighter('exclusiveMaximum', Math.min, 'less than');
  tighter('minLength', Math.max, 'length at least');
  tighter('maxLength', Math.min, 'length at most');
  // A default the stage refuses would be offered and then refused: the nearest value it allows instead.
  const d = prop['default'];
  if (isNumber(d)) {
    let v = d;
    if (isNumber(prop['minimum'])) v = Math.max(v, prop['minimum'] as number);
    if (isNumber(prop['maximum'])) v = Math.min(v, prop['maximum'] as number);
    prop['default'] = v;
  }
  return notes;
}
