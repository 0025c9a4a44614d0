import { diagnostic, layout, type Diagnostic, type FileChange, type FileTree, type Fleet } from '@platter/model';
import { fileFieldChanges, showValue, type FileFieldChange } from '../render/fieldDiff';
import { renderChanges } from '../render/render';

/**
 * Managed fields a person edited (issue 14), or that `platter adopt` kept as
 * the repository had them (an adopted Flux Kustomization bound to a stage keeps
 * its interval, API version, ...): the fields where a file differs from what
 * Platter writes for the model (`platter render`), one
 * ManagedFieldEdited warning each, naming the file and field (`path#field`),
 * the value Platter would write and the value found. A warning: requests leave
 * such a field as it is (they change only what they change), so a tuned value
 * keeps working; the finding says it is not Platter's any more, until someone
 * reconciles it (`platter render` writes Platter's value back).
 *
 * CODEOWNERS and .sops.yaml are generated whole and checked as files
 * (ManagedFileEdited, checkManagedFiles); a managed file that is missing is
 * the structure checks' finding.
 */
export function checkManagedFields(fleet: Fleet, tree: FileTree): Diagnostic[] {
  return managedFieldFindings(renderChanges(fleet, tree));
}

/** The ManagedFieldEdited findings of a render's changes onto the repository (of a scoped render: its files). */
export function managedFieldFindings(changes: readonly FileChange[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const change of changes) {
    if (change.op !== 'modify' || change.path === layout.sopsConfig || !/\.ya?ml$/.test(change.path)) continue;
    let fields;
    try {
      fields = fileFieldChanges(change.before, change.after);
    } catch {
      continue; // a file that does not parse is reported by the parse checks
    }
    for (const f of fields)
      out.push(
        managedFieldEdited(
          change.path,
          f,
          'Requests leave it as it is; `platter render` writes the managed value back',
        ),
      );
  }
  return out;
}

/** The ManagedFieldEdited finding of one field (`from`: found, `to`: what Platter would write), `then` saying what happens. */
export function managedFieldEdited(path: string, f: FileFieldChange, then: string): Diagnostic {
  const found = f.from === undefined ? 'the field is missing' : `found ${showValue(f.from)}`;
  const would = f.to === undefined ? 'Platter would remove it' : `Platter would write ${showValue(f.to)}`;
  return diagnostic(
    'ManagedFieldEdited',
    `${f.field || 'the document'} is managed and differs from what Platter writes (a hand edit, or a value adopt kept as the repository had it): ${would}, ${found}. ${then}`,
    `${path}#${f.field}`,
  );
}
