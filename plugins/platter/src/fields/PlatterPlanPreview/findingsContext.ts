import { useSyncExternalStore } from 'react';
import type { PlanFinding } from '@platter/plugin-platter-common';

/**
 * The plan's findings, beside the fields they concern (issue 23 item 1). The
 * preview plans on the form's last page; the fields live on earlier pages, which
 * the scaffolder's Stepper unmounts. So the preview publishes each finding here
 * under the form field it is filled from (the template's mapping, inverted) with
 * the value that field had when the plan ran, and a Platter field shows the
 * findings on itself while its value is still that one: change the field and
 * its finding goes (the next plan decides again). One store per browser tab: at
 * most one scaffolder form is open in it, and a value check keeps another
 * form's findings off a field of the same name.
 */
export interface FieldFinding {
  readonly code: string;
  readonly text: string;
}

interface Entry {
  /** The form field's value when the plan ran (JSON), the findings hold only for it. */
  readonly value: string;
  readonly findings: readonly FieldFinding[];
}

let byField: ReadonlyMap<string, Entry> = new Map();
const listeners = new Set<() => void>();

/** Replaces the published findings (an empty list clears them: the plan passed or the form changed). */
export function publishFieldFindings(
  findings: readonly PlanFinding[],
  formFieldOf: (requestField: string) => string | undefined,
  formData: Readonly<Record<string, unknown>>,
): void {
  const next = new Map<string, { value: string; findings: FieldFinding[] }>();
  for (const f of findings) {
    const field = f.field ? formFieldOf(f.field) : undefined;
    if (!field) continue;
    const entry = next.get(field) ?? { value: JSON.stringify(formData[field] ?? null), findings: [] };
    entry.findings.push({ code: f.code, text: f.fix ? `${f.message}. ${f.fix}` : f.message });
    next.set(field, entry);
  }
  if (next.size === 0 && byField.size === 0) return;
  byField = next;
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/**
 * The plan's findings about the form field `name` (a top-level property of the
 * template's parameters) as long as its value is `value`: messages to show
 * under the field.
 */
export function useFieldFindings(name: string | undefined, value: unknown): readonly string[] {
  const entry = useSyncExternalStore(
    subscribe,
    () => (name ? byField.get(name) : undefined),
    () => undefined,
  );
  if (!entry || JSON.stringify(value ?? null) !== entry.value) return NO_FINDINGS;
  return entry.findings.map((f) => f.text);
}

const NO_FINDINGS: readonly string[] = [];
