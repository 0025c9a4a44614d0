#!/bin/bash
# Rewrites __golden__/render-digests.json with what the render BEFORE issue 17's speed-up writes for
# today's features (a change elsewhere, such as the example shipping cloud classes, may change what
# render writes; the speed-up must not): HEAD's packages/render, packages/model and tools/fleet,
# with the files the speed-up changed put back as they were at its base commit, digested by cases.ts.
# Then checks that HEAD's own files write the same digests. Run from anywhere in the repository:
#   tools/fleet/src/renderIdentity/goldenBefore.sh
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
BASE=617d4fb9b115e500dd50df35b6348d2006be7641
# What the speed-up changed (all of it; plainText.ts did not exist before).
CHANGED="packages/render/src/yaml/yaml.ts packages/render/src/yaml/merge.ts packages/render/src/yaml/index.ts
  packages/render/src/yaml/plainText.ts packages/render/src/render/context.ts packages/render/src/render/fluxSystem.ts
  packages/render/src/render/renderEnvironment.ts packages/render/src/render/renderTenant.ts
  packages/render/src/render/renderSettings.ts"
W=tools/bench/work/render-golden # gitignored, inside the repository so the root node_modules resolve
rm -rf "$W"
for side in before now; do
  mkdir -p "$W/$side/node_modules/@platter"
  git archive HEAD packages/render packages/model tools/fleet | tar -x -C "$W/$side"
  ln -s ../../packages/model "$W/$side/node_modules/@platter/model"
  ln -s ../../packages/render "$W/$side/node_modules/@platter/render"
  if [ "$side" = before ]; then
    for f in $CHANGED; do git show "$BASE:$f" > "$W/$side/$f" 2>/dev/null || rm -f "$W/$side/$f"; done
  fi
  printf '%s\n' "import { renderCases } from './tools/fleet/src/renderIdentity/cases';" \
    "const out: Record<string, unknown> = {};" \
    "for (const [name, digest] of renderCases()) out[name] = digest();" \
    "process.stdout.write(JSON.stringify(out, null, 2) + '\n');" > "$W/$side/digests.ts"
  (cd "$W/$side" && nice node -r tsx/cjs digests.ts > ../$side.json)
done
cp "$W/before.json" tools/fleet/src/renderIdentity/__golden__/render-digests.json
if cmp -s "$W/before.json" "$W/now.json"; then echo "golden rewritten; HEAD writes the same digests"; else
  echo "golden rewritten; HEAD writes OTHER digests:"; diff "$W/before.json" "$W/now.json" || true; exit 1; fi
