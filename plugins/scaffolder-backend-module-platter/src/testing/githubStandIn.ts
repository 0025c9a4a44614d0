import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * TEST-ONLY: a stand-in for the two GitHub REST API endpoints platter:publish
 * uses, on 127.0.0.1, because the real GitHub API cannot be reached from the
 * machines Platter is built and tested on. It answers as GitHub documents them
 * (https://docs.github.com/rest/pulls/pulls):
 *
 * - `GET /repos/{owner}/{repo}/pulls?state=open&head={owner}:{branch}&base={base}`:
 *   the open pull requests of that head (and base), as a JSON array;
 * - `POST /repos/{owner}/{repo}/pulls` `{title, head, base, body}`: 201 with the
 *   new pull request; 422 when an open one of that head and base exists.
 *
 * Every request must carry `Authorization: Bearer <token>` (else 401, as GitHub
 * answers a bad token). It is the only mocked service in this package's tests.
 */
export interface StandInPullRequest {
  readonly number: number;
  readonly title: string;
  readonly head: string;
  readonly base: string;
  readonly body: string;
  readonly html_url: string;
  readonly state: 'open' | 'closed';
}

export interface GithubStandIn {
  /** `http://127.0.0.1:<port>`: the integration's apiBaseUrl. */
  readonly apiBaseUrl: string;
  readonly pulls: StandInPullRequest[];
  /** `METHOD path?query` of every request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startGithubStandIn(options: { token: string; webBaseUrl: string }): Promise<GithubStandIn> {
  const pulls: StandInPullRequest[] = [];
  const requests: string[] = [];
  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.headers.authorization !== `Bearer ${options.token}`) return send(401, { message: 'Bad credentials' });
    const m = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(url.pathname);
    if (!m) return send(404, { message: 'Not Found' });
    const [owner, repo] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
    const sameHead = (p: StandInPullRequest, head: string, base?: string) =>
      p.state === 'open' && p.head === head && (!base || p.base === base);
    if (req.method === 'GET') {
      const head = url.searchParams.get('head')?.replace(`${owner}:`, '');
      const base = url.searchParams.get('base') ?? undefined;
      return send(
        200,
        pulls.filter((p) => !head || sameHead(p, head, base)),
      );
    }
    if (req.method === 'POST') {
      const body = JSON.parse(await readBody(req)) as { title?: string; head?: string; base?: string; body?: string };
      if (!body.title || !body.head || !body.base) return send(422, { message: 'Validation Failed' });
      if (pulls.some((p) => sameHead(p, body.head!, body.base))) {
        return send(422, {
          message: 'Validation Failed',
          errors: [{ message: `A pull request already exists for ${owner}:${body.head}.` }],
        });
      }
      const number = pulls.length + 1;
      const pr: StandInPullRequest = {
        number,
        title: body.title,
        head: body.head,
        base: body.base,
        body: body.body ?? '',
        html_url: `${options.webBaseUrl}/${owner}/${repo}/pull/${number}`,
        state: 'open',
      };
      pulls.push(pr);
      return send(201, pr);
    }
    return send(405, { message: 'Method Not Allowed' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBaseUrl: `http://127.0.0.1:${port}`,
    pulls,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
