import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * TEST-ONLY: a smart-HTTP git server on 127.0.0.1, the real `git http-backend`
 * (CGI) behind Node's http server, serving the bare repositories under `root`
 * (`<url>/<name>.git`), fetch and push. With `auth`, every request needs that
 * Basic user and password (else 401, as a hosted remote answers).
 */
export interface GitHttpServer {
  /** `http://127.0.0.1:<port>`; with `credentials`, `http://user:password@127.0.0.1:<port>`. */
  readonly url: (credentials?: { readonly user: string; readonly password: string }) => string;
  readonly close: () => Promise<void>;
}

export async function startGitHttpServer(
  root: string,
  options: { auth?: { user: string; password: string } } = {},
): Promise<GitHttpServer> {
  const expected = options.auth
    ? `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`
    : undefined;
  const server = createServer((req, res) => {
    if (expected && req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    serveCgi(root, req, res, options.auth?.user ?? 'anonymous');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (c) =>
      `http://${c ? `${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@` : ''}127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveCgi(root: string, req: IncomingMessage, res: ServerResponse, user: string): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const cgi = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH ?? '',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      REMOTE_USER: user, // http-backend enables receive-pack (push) for an authenticated user
      REMOTE_ADDR: '127.0.0.1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
    },
  });
  req.pipe(cgi.stdin);
  // CGI output: headers (Status: among them), a blank line, then the body, streamed through.
  let head = Buffer.alloc(0);
  let headersSent = false;
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const text = head.toString('latin1');
    const end = text.search(/\r?\n\r?\n/);
    if (end < 0) return;
    const separator = /\r?\n\r?\n/.exec(text.slice(end))![0].length;
    let status = 200;
    for (const line of text.slice(0, end).split(/\r?\n/)) {
      const i = line.indexOf(':');
      const [name, value] = [line.slice(0, i).trim(), line.slice(i + 1).trim()];
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    headersSent = true;
    res.write(head.subarray(end + separator));
  });
  cgi.on('close', () => (headersSent ? res.end() : res.writeHead(500).end()));
  cgi.on('error', () => res.writeHead(500).end());
}
