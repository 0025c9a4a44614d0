/**
 * P12's second backend (groupCommitBench.ts): lands the requests it is given
 * through one RequestQueue in a process of its own, as a backend replica
 * would, and prints per request its outcome (or error code and message) and
 * how many rounds planned it, and how many pushes it made, as one JSON line.
 *
 *   node -r tsx/cjs tools/bench/src/groupCommitChild.ts '<{ remote, workDir, requests }>'
 */
import { parseRequest } from '@platter/model';
import { RequestQueue } from '@platter/gitops-repo';

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as { remote: string; workDir: string; requests: unknown[] };
  let pushes = 0;
  const queue = new RequestQueue({ onBeforePush: () => void pushes++ });
  const settled = await Promise.allSettled(
    input.requests.map((r) =>
      queue.apply(input.remote, parseRequest(r), {
        mode: 'direct',
        actor: { kind: 'platform' },
        workDir: input.workDir,
      }),
    ),
  );
  const outcomes = settled.map((s) =>
    s.status === 'fulfilled'
      ? { outcome: s.value.outcome, attempts: s.value.attempts }
      : { code: (s.reason as { code?: string })?.code, message: String((s.reason as Error)?.message ?? s.reason) },
  );
  process.stdout.write(JSON.stringify({ pushes, outcomes }));
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
