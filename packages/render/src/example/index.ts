import { MemoryFileTree } from '@platter/model';
import { render } from '../render';
import { renderCloudClasses } from '../cloud/cloudClassesInstall';
import { emptyFleet, exampleFleet } from './exampleFleet';
import { DEMO_AGE_RECIPIENT, EXAMPLE_SECRET_FILES } from './exampleSecrets.generated';
import { EXAMPLE_CLOUD_FILES } from './exampleCloud';

/** The example fleet's files: the rendered model plus its encrypted secret fixtures and its cloud classes. Same bytes every time. */
export function exampleRepository(): MemoryFileTree {
  const tree = render(exampleFleet(DEMO_AGE_RECIPIENT));
  for (const [path, content] of Object.entries(EXAMPLE_SECRET_FILES)) tree.write(path, content);
  // The cloud resource classes (issue 21) are files of the menu the model does not hold.
  for (const [path, content] of Object.entries(EXAMPLE_CLOUD_FILES)) tree.write(path, content);
  // ...and each stage offering them installs their platform side (stages/<stage>/cloud-classes.yaml).
  for (const [path, content] of renderCloudClasses(exampleFleet(DEMO_AGE_RECIPIENT), tree))
    if (content === null) tree.delete(path);
    else tree.write(path, content);
  return tree;
}

/** The smallest valid repository (`platter init --empty`). */
export function emptyRepository(): MemoryFileTree {
  return render(emptyFleet());
}

export { exampleFleet, emptyFleet } from './exampleFleet';
export { DEMO_AGE_RECIPIENT, EXAMPLE_SECRET_FILES } from './exampleSecrets.generated';
export { EXAMPLE_CLOUD_FILES } from './exampleCloud';
