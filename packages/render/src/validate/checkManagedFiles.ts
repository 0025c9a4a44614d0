import { diagnostic, layout, type Diagnostic, type FileTree, type Fleet } from '@platter/model';
import { renderCodeowners, renderSopsConfig } from '../render/renderSettings';

/**
 * The files Platter generates whole from platter.yaml (CODEOWNERS, .sops.yaml)
 * are what the model renders (issue 22 item 5): edited or deleted by hand, they
 * no longer say what the review policy says (CODEOWNERS) or encrypt to the
 * recipients platter.yaml names (.sops.yaml). ManagedFileEdited, fixed by
 * `platter render`.
 *
 * One difference is expected: a tenant's own request leaves CODEOWNERS to the
 * platform (plan.ts, issue 22 item 2b), so CODEOWNERS may lack the line of an
 * app onboarded since, or keep the line of an app removed since, until the
 * platform renders it. Then that app's directory is the platform team's in
 * CODEOWNERS, which asks for more review, never less: CodeownersBehind, a
 * warning. A line giving an app to anyone else is ManagedFileEdited.
 */
export function checkManagedFiles(fleet: Fleet, tree: FileTree): Diagnostic[] {
  const out: Diagnostic[] = [];
  const fix = 'run `platter render` (edit platter.yaml, not the generated file)';
  const sops = tree.read(layout.sopsConfig);
  if (sops === undefined)
    out.push(
      diagnostic(
        'ManagedFileEdited',
        `${layout.sopsConfig} is missing: secrets would be encrypted without its rules; ${fix}`,
        layout.sopsConfig,
      ),
    );
  else if (sops !== renderSopsConfig(fleet)) {
    out.push(
      diagnostic(
        'ManagedFileEdited',
        `${layout.sopsConfig} differs from what platter.yaml says (age recipients per env); ${fix}`,
        layout.sopsConfig,
      ),
    );
  }

  const codeowners = tree.read(layout.codeowners);
  if (codeowners === undefined) {
    out.push(
      diagnostic(
        'ManagedFileEdited',
        `${layout.codeowners} is missing: nobody's review is required; ${fix}`,
        layout.codeowners,
      ),
    );
    return out;
  }
  const expected = renderCodeowners(fleet);
  if (codeowners === expected) return out;
  const have = rules(codeowners);
  const want = rules(expected);
  const missing = [...want].filter((l) => !have.has(l));
  const extra = [...have].filter((l) => !want.has(l));
  const apps = new Set(fleet.apps.map((a) => a.name));
  const appOf = (line: string) => /^\/apps\/([^/\s]+)\/ /.exec(line)?.[1];
  const behind = [
    ...missing
      .filter((l) => apps.has(appOf(l) ?? '') && !extra.some((e) => appOf(e) === appOf(l)))
      .map((l) => appOf(l)!),
    ...extra.filter((l) => appOf(l) !== undefined && !apps.has(appOf(l)!)).map((l) => appOf(l)!),
  ];
  const unexplained = [...missing, ...extra].filter((l) => !behind.includes(appOf(l) ?? '\0'));
  const commentsOnly = !missing.length && !extra.length;
  if (unexplained.length || commentsOnly) {
    const shown = unexplained
      .slice(0, 3)
      .map((l) => JSON.stringify(l))
      .join(', ');
    out.push(
      diagnostic(
        'ManagedFileEdited',
        `${layout.codeowners} differs from what platter.yaml and the review policy say${shown ? ` (${shown}${unexplained.length > 3 ? ', …' : ''})` : ' (its header or layout)'}; ${fix}`,
        layout.codeowners,
      ),
    );
  } else {
    out.push(
      diagnostic(
        'CodeownersBehind',
        `${layout.codeowners} does not list yet what tenants changed since it was rendered (apps ${[...new Set(behind)].sort().join(', ')}): ` +
          `those directories are the platform team's there until the platform runs \`platter render\``,
        layout.codeowners,
      ),
    );
  }
  return out;
}

/** The rule lines of a CODEOWNERS file, whitespace normalised (alignment changes with the longest pattern). */
function rules(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .map((l) => l.trim().replace(/\s+/g, ' '))
      .filter((l) => l && !l.startsWith('#')),
  );
}
