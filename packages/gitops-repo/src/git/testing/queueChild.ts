import { parseRequest } from '@platter/model';
import { applyRequests } from '../RequestQueue';
import type { ApplyOptions } from '../applyRequest';

/**
 * TEST-ONLY driver (RequestQueue.slow.test.ts): lands requests through one
 * RequestQueue in a process of its own, as one backend replica would.
 *
 *   node --require tsx/cjs queueChild.ts '<json>'
 *
 * The argument is `{ remote, requests, options }` (`options.now` an ISO date);
 * prints one line of JSON: per request its outcome, commit and attempts, or
 * the error's code and message.
 */
interface ChildInput {
  readonly remote: string;
  readonly requests: readonly unknown[];
  readonly options: Omit<ApplyOptions, 'now'> & { readonly now?: string; readonly roundBudgetMs?: number };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as ChildInput;
  const { now, ...options } = input.options;
  // The child is a process edge: it parses the requests it is given.
  const settled = await applyRequests(input.remote, input.requests.map(parseRequest), {
    ...options,
    ...(now ? { now: new Date(now) } : {}),
  });
  process.stdout.write(
    JSON.stringify(
      settled.map((s) =>
        s.status === 'fulfilled'
          ? { outcome: s.value.outcome, commit: s.value.commit, attempts: s.value.attempts }
          : {
              error: (s.reason as { code?: string })?.code ?? 'unknown',
              message: String((s.reason as Error)?.message),
            },
      ),
    ),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
