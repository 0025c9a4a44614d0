import { checkName, checkVersion, type Diagnostic, type NamedThing } from '@platter/model';
import type { PlatterTextUiOptions } from './schema';

/** The model's things with names, as `ui:options.thing` may name them. */
const THINGS: readonly NamedThing[] = [
  'stage',
  'environment',
  'tenant',
  'app',
  'runtime service',
  'addon',
  'namespace',
  'secret',
  'fleet',
];

/**
 * What the model says about a text field's value (DESIGN §1: the form asks the
 * model's rule, with the model's message, and holds no rule of its own):
 * `rule: name` -> checkName(thing), `rule: version` -> checkVersion. An empty
 * value has no finding here: `required` is the form's own business.
 */
export function textFindings(options: PlatterTextUiOptions | undefined, value: string | undefined): Diagnostic[] {
  if (value === undefined || value === '' || !options) return [];
  if (options.rule === 'version') {
    const d = checkVersion(value, options.what ?? 'version');
    return d ? [d] : [];
  }
  const thing = THINGS.find((t) => t === options.thing) ?? 'app';
  const d = checkName(thing, value);
  return d ? [d] : [];
}
