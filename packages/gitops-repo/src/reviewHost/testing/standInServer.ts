import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request to a stand-in: method, path (still URL-encoded), query, parsed body and headers. */
export interface StandInCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
  readonly headers: IncomingMessage['headers'];
}

export type StandInAnswer = readonly [status: number, body: unknown];

export interface StandInServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** `METHOD path?query` of every request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * TEST-ONLY: an HTTP server on 127.0.0.1 (a free port) that hands each request,
 * its JSON or form body parsed, to `answer`. The host stand-ins are built on it.
 */
export async function startStandInServer(answer: (call: StandInCall) => StandInAnswer): Promise<StandInServer> {
  const requests: string[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const raw = await readBody(req);
    const type = req.headers['content-type'] ?? '';
    let body: Record<string, unknown> = {};
    if (raw && type.includes('json')) body = JSON.parse(raw) as Record<string, unknown>;
    else if (raw) body = Object.fromEntries(new URLSearchParams(raw));
    const [status, payload] = answer({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body,
      headers: req.headers,
    });
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(payload));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
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
