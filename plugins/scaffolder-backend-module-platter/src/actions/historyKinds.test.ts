import { parseRequest, specOf, type RequestKind } from '@platter/model';
import { kindOfTitle } from '@platter/gitops-repo';
import { PLATTER_ACTION_EXAMPLES } from './createPlatterAction.examples';

// `platter history` reads a Platter commit's kind from its title (the kind's describe): every kind's
// example title maps back to its kind (gitops-repo's kindOfTitle, over the examples kept here).
it.each(Object.entries(PLATTER_ACTION_EXAMPLES))('the title of a %s request names its kind', (kind, example) => {
  // Parsed where the example needs no catalog refs resolved (defaults filled in), else as written.
  let request: unknown = { kind, ...example.input };
  try {
    request = parseRequest(request);
  } catch {
    // refs (resource:default/...) stay as they are: the title's fixed words are what matters
  }
  const title = specOf(kind as RequestKind).describe(request as never);
  expect(kindOfTitle(title)).toBe(kind);
});
