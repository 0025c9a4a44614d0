import fc from 'fast-check';
import { exampleRepository, plan } from '@platter/render';
import { REQUESTS } from '../src/fuzz/hostile';
const now = new Date('2026-11-27T12:00:00Z');
const tree = exampleRepository();
const seen = new Map<string, number>();
for (const input of fc.sample(REQUESTS.OnboardApp!, { seed: 20261127, numRuns: 80 })) {
  try { plan(tree, input, { now }); } catch (e: any) {
    if (e.code === 'InvalidManifest' || e.code === 'UnresolvedVariable') { console.log(e.code, e.path, e.message.slice(0, 300)); console.log('   ', JSON.stringify(input).slice(0, 400)); }
  }
}
