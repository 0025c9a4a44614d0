import { applyRequest, type ApplyOptions } from '../applyRequest';
import { parseRequest } from '@platter/model';
import { CHILD_DIED_CODE } from './fixtures';

/**
 * TEST-ONLY driver (applyRequest.faults.slow.test.ts): runs one applyRequest in a
 * child process and dies hard at a chosen point, as a crashed or OOM-killed
 * backend would: no `finally`, no cleanup, no answer.
 *
 *   node --require tsx/cjs applyChild.ts '<json>'
 *
 * The argument is `{ remote, request, options, die }`; `options.now` is an ISO
 * date; `die` is `before-push` (the commit is made, not pushed) or `after-push`
 * (pushed, not reported), with `how` = `SIGKILL` (kill -9 of itself) or `exit`
 * (process.exit). Without `die` it prints the result as JSON and exits 0.
 */
interface ChildInput {
  readonly remote: string;
  readonly request: unknown;
  readonly options: Omit<ApplyOptions, 'now'> & { readonly now?: string };
  readonly die?: 'before-push' | 'after-push';
  readonly how?: 'SIGKILL' | 'exit';
}

function dieNow(how: ChildInput['how']): never {
  if (how === 'exit') process.exit(CHILD_DIED_CODE);
  process.kill(process.pid, 'SIGKILL');
  // The signal is delivered at once; never go on meanwhile.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as ChildInput;
  const { now, ...options } = input.options;
  // The child is a process edge: it parses the request it is given.
  const result = await applyRequest(input.remote, parseRequest(input.request), {
    ...options,
    ...(now ? { now: new Date(now) } : {}),
    ...(input.die === 'before-push' ? { onBeforePush: () => dieNow(input.how) } : {}),
    ...(input.die === 'after-push' ? { onAfterPush: () => dieNow(input.how) } : {}),
  });
  process.stdout.write(
    JSON.stringify({ outcome: result.outcome, commit: result.commit, requestHash: result.plan.requestHash }),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
