import { REQUEST_KIND_SPECS, type RequestKind } from '@platter/model';

/**
 * The scaffolder action id of every request kind: `platter:<noun>:<verb>`
 * (STYLE §4), read from the kind's spec (RequestKindSpec.noun and .verb, in
 * its module in @platter/model). actionIds.test.ts checks the ids are unique
 * and well formed; requestKinds.test.ts that every kind has its action.
 */
export const PLATTER_ACTION_IDS = Object.fromEntries(
  REQUEST_KIND_SPECS.map((s) => [s.kind, `platter:${s.noun}:${s.verb}`]),
) as {
  readonly [K in RequestKind]: string;
};

/** The action that lands a planned request (see publish.ts). */
export const PLATTER_PUBLISH_ACTION_ID = 'platter:publish';
