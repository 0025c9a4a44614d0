import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TestRemotes } from '../src/git/testing/testRemotes';
import { onboardApp, NOW, TEAM_A, requestHashesOn } from '../src/git/testing/fixtures';
(async () => {
  const r = await TestRemotes.create();
  const remote = await r.newRemote();
  const work = await r.newDir('work');
  for (const die of [undefined, 'before-push', 'after-push']) {
    const t = Date.now();
    const res = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, '../src/git/testing/applyChild.ts'), JSON.stringify({ remote, request: onboardApp('cart' + (die ?? '')), options: { mode: 'direct', actor: TEAM_A, now: NOW.toISOString(), workDir: work }, die, how: 'SIGKILL' })], { encoding: 'utf8' });
    console.log(die, Date.now() - t, res.status, res.signal, res.stdout, res.stderr.slice(0, 500));
    console.log(await requestHashesOn(remote, 'main'));
  }
  await r.cleanup();
})();
