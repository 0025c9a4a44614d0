import { MemoryFileTree } from '@platter/model';
import { render } from '../render';
import { emptyFleet, exampleFleet } from './exampleFleet';
import { DEMO_AGE_RECIPIENT, EXAMPLE_SECRET_FILES } from './exampleSecrets.generated';

/** The example fleet's files: the rendered model plus its encrypted secret fixtures. Same bytes every time. */
export function exampleRepository(): MemoryFileTree {
  const tree = render(exampleFleet(DEMO_AGE_RECIPIENT));
  for (const [path, content] of Object.entries(EXAMPLE_SECRET_FILES)) tree.write(path, content);
  return tree;
}

/** The smallest valid repository (`platter init --empty`). */
export function emptyRepository(): MemoryFileTree {
  return render(emptyFleet());
}

export { exampleFleet, emptyFleet } from './exampleFleet';
export { DEMO_AGE_RECIPIENT, EXAMPLE_SECRET_FILES } from './exampleSecrets.generated';
