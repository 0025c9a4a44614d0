import { layout, type Fleet, type MemoryFileTree } from '@platter/model';
import { EXAMPLE_SECRET_FILES, render } from '@platter/render';
import { generateFleet, GENERATED_SECRET, type FleetShape } from './generateFleet';

/**
 * A generated fleet's files: the rendered model plus each env's encrypted
 * secret. Every env's secret is the same SOPS file (the example fleet's, sealed
 * to the demo key): a Secret's file names no env, and real encryption per env
 * would make the output differ run to run.
 */
export function generateRepository(shape: FleetShape): { fleet: Fleet; tree: MemoryFileTree } {
  const fleet = generateFleet(shape);
  const tree = render(fleet);
  const secret = EXAMPLE_SECRET_FILES[layout.secretFile('prod-eu', `runtime-${GENERATED_SECRET.service}`)]!;
  for (const env of fleet.environments) {
    for (const s of env.secrets) tree.write(layout.secretFile(env.name, s.name), secret);
  }
  return { fleet, tree };
}
