/**
 * One P3 size in its own process (started by p3.ts as
 * `node --expose-gc --trace-gc p3child.js <shape json> [<baseline dir>]`): generate the
 * model, render it onto an empty tree, parse the tree back. Phase markers and
 * the result go to fd 1 with writeSync, so they interleave in order with V8's
 * --trace-gc lines, which p3.ts reads to find each phase's peak heap.
 *
 * With a baseline dir (the sources of packages/render and packages/model at the
 * commit before issue 17's speed-up, see p3.ts), the render timed is that one's
 * and nothing is parsed: the same process shape, the same model, the render of
 * before. Either way the result carries a digest of every rendered file, so the
 * parent can tell that both wrote the same bytes.
 */
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { layout, MemoryFileTree, type Fleet } from '@platter/model';
import { EXAMPLE_SECRET_FILES, parseRepository, render as currentRender } from '@platter/render';
import { generateFleet, GENERATED_SECRET, type FleetShape } from '@platter/tools-fleet';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const mark = (phase: string) => writeSync(1, `@@phase ${phase}\n`);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const heap = () => process.memoryUsage().heapUsed;
const maxRss = () => process.resourceUsage().maxRSS * 1024;

const shape = JSON.parse(process.argv[2]!) as FleetShape;
const baselineDir = process.argv[3];
/** The baseline's tree is its own model's MemoryFileTree: the same methods, another class. */
type Render = (fleet: Fleet) => MemoryFileTree;
// The baseline's own render module (it resolves @platter/model to the baseline's model).
const render: Render = baselineDir
  ? // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(join(baselineDir, 'packages', 'render', 'src', 'render', 'index.ts')) as { render: Render }).render
  : (fleet) => currentRender(fleet, new MemoryFileTree());

/** sha256 over every path and the sha256 of its content, in path order. */
function digestOf(files: Iterable<readonly [string, string]>): string {
  const h = createHash('sha256');
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    h.update(`${path}\0${createHash('sha256').update(content).digest('hex')}\n`);
  return h.digest('hex');
}

mark('generate');
let t = now();
const fleet = generateFleet(shape);
const generateMs = now() - t;
gc();
const afterGenerate = { heapUsed: heap(), maxRss: maxRss() };

mark('render');
t = now();
let c = cpu();
const tree = render(fleet);
const renderMs = now() - t;
const renderCpuMs = cpu() - c;
const renderHeapEnd = heap();
// Not timed, and its garbage is collected before the heap after render is read.
const digest = digestOf(tree.entries());
// The env secret files, as generateRepository adds them (not timed: not rendering).
const secret = EXAMPLE_SECRET_FILES[layout.secretFile('prod-eu', `runtime-${GENERATED_SECRET.service}`)]!;
for (const env of fleet.environments)
  for (const s of env.secrets) tree.write(layout.secretFile(env.name, s.name), secret);
let files = 0;
let bytes = 0;
for (const [, content] of tree.entries()) {
  files += 1;
  bytes += content.length;
}
gc();
const afterRender = { heapUsed: heap(), maxRss: maxRss() };

mark('parse');
t = now();
c = cpu();
// The baseline is timed for render only (parse is not what changed).
const parsed = baselineDir ? undefined : parseRepository(tree);
const parseMs = now() - t;
const parseCpuMs = cpu() - c;
const parseHeapEnd = heap();
const envsParsed = parsed?.model?.environments.length ?? 0;
const parseErrors = parsed?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
gc();
const afterParse = { heapUsed: heap(), maxRss: maxRss() };
mark('done');

writeSync(
  1,
  `@@result ${JSON.stringify({
    envs: shape.envs,
    files,
    bytes,
    generateMs,
    renderMs,
    parseMs,
    renderCpuMs,
    parseCpuMs,
    renderHeapEnd,
    parseHeapEnd,
    afterGenerate,
    afterRender,
    afterParse,
    envsParsed,
    parseErrors,
    digest,
  })}\n`,
);
