import { diagnostic, known, type Diagnostic } from '../errors';
import type { Fleet } from '../fleet';
import { layout } from '../layout';
import { checkCodeownersHandle, checkName, checkOwnerRef, checkVariableName } from '../names';
import { at } from './context';
import { duplicates } from './duplicates';

/** platter.yaml: fleet name, platform team, stage order and promotion chain, tenant config allow-list. */
export function checkSettings(fleet: Fleet): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { settings } = fleet;
  const path = at(settings, layout.settings);
  const push = (d: Diagnostic | undefined) => d && out.push(d);

  push(checkName('fleet', settings.name, path));
  push(checkOwnerRef(settings.platformTeam, `${path}#platformTeam`));
  for (const handle of settings.platformCodeowners) push(checkCodeownersHandle(handle, `${path}#platformCodeowners`));
  if (!settings.repository.url)
    out.push(
      diagnostic(
        'InvalidSettings',
        "repository.url is empty: tenants' GitRepository needs the URL of this repository",
        path,
      ),
    );
  if (!settings.repository.branch) out.push(diagnostic('InvalidSettings', 'repository.branch is empty', path));
  if (settings.repository.secretName !== undefined)
    push(checkName('secret', settings.repository.secretName, `${path}#repository.secretName`));
  for (const key of settings.tenantConfigKeys) push(checkVariableName(key, `${path}#tenantConfigKeys`));

  if (fleet.stages.length === 0)
    out.push(diagnostic('InvalidSettings', 'no stages: declare at least one stage in platter.yaml', path));
  for (const name of duplicates(fleet.stages.map((s) => s.name))) {
    out.push(diagnostic('DuplicateName', `stage "${name}" is declared more than once`, path));
  }
  fleet.stages.forEach((stage, i) => {
    push(checkName('stage', stage.name, path));
    if (stage.promotesFrom === undefined) return;
    const from = fleet.stages.findIndex((s) => s.name === stage.promotesFrom);
    if (from < 0) {
      out.push(
        diagnostic(
          'UnknownStage',
          `stage "${stage.name}" promotes from "${stage.promotesFrom}", which is not a stage (known: ${known(fleet.stages.map((s) => s.name))})`,
          path,
        ),
      );
    } else if (from >= i) {
      out.push(
        diagnostic(
          'InvalidSettings',
          `stage "${stage.name}" promotes from "${stage.promotesFrom}", which must come before it in platter.yaml's stage order`,
          path,
        ),
      );
    }
  });
  return out;
}
