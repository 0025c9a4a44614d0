/**
 * One P3 size in its own process (started by p3.ts as
 * `node --expose-gc --trace-gc p3child.js <envs> <shape json>`): generate the
 * model, render it onto an empty tree, parse the tree back. Phase markers and
 * the result go to fd 1 with writeSync, so they interleave in order with V8's
 * --trace-gc lines, which p3.ts reads to find each phase's peak heap.
 */
import { writeSync } from 'node:fs';
import { layout, MemoryFileTree } from '@platter/model';
import { EXAMPLE_SECRET_FILES, parseRepository, render } from '@platter/render';
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

mark('generate');
let t = now();
const fleet = generateFleet(shape);
const generateMs = now() - t;
gc();
const afterGenerate = { heapUsed: heap(), maxRss: maxRss() };

mark('render');
t = now();
let c = cpu();
const tree: MemoryFileTree = render(fleet, new MemoryFileTree());
const renderMs = now() - t;
const renderCpuMs = cpu() - c;
const renderHeapEnd = heap();
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
const parsed = parseRepository(tree);
const parseMs = now() - t;
const parseCpuMs = cpu() - c;
const parseHeapEnd = heap();
const envsParsed = parsed.model?.environments.length ?? 0;
const parseErrors = parsed.diagnostics.filter((d) => d.severity === 'error').length;
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
  })}\n`,
);
