import Router from 'express-promise-router';
import type express from 'express';
import { NotFoundError } from '@backstage/errors';
import type { SnapshotSource } from './repositoryView';

/**
 * "View Source" for a repository without a web host (issue 23 item 3): the
 * demo's repository is a bare repository on disk, so an entity's source
 * location cannot link to GitHub or GitLab, and a `file://` link opens nothing
 * from a browser. The catalog provider then points `backstage.io/source-location`
 * here, and this router shows the mirrored commit read-only, as a host's tree
 * page would: `GET /source/<dir>/` lists a directory (subdirectories, files,
 * the commit and the way up), `GET /source/<file>` shows a file as plain text.
 * Nothing else: no write, no other commit, no path outside the tree (the
 * snapshot's FileTree knows only the repository's own paths).
 *
 * The plugin mounts it only for a local repository, open to a browser tab without
 * a Backstage token (View Source opens a new tab, which carries none): it serves
 * what the demo's user could read on disk anyway. A repository on a host is
 * never served here: its entities link to the host's own pages.
 */
export function createSourceRouter(source: SnapshotSource): express.Router {
  const router = Router();
  router.get(/^\/source(?:\/(.*))?$/, async (req, res) => {
    // Express has decoded the path already.
    const path = ((req.params as Record<string, string | undefined>)[0] ?? '').replace(/\/+$/, '');
    const snapshot = await source.snapshot({ allowStale: true });
    const { tree } = snapshot;
    const base = req.baseUrl + '/source';
    if (path && tree.read(path) !== undefined) {
      res.type('text/plain; charset=utf-8').send(tree.read(path));
      return;
    }
    const files = tree.list(path).filter((f) => !f.slice(path ? path.length + 1 : 0).includes('/'));
    const dirs = tree.dirs(path);
    if (path && files.length === 0 && dirs.length === 0) {
      throw new NotFoundError(`no file or directory ${path} at ${snapshot.commit.slice(0, 12)}`);
    }
    const href = (p: string) => `${base}/${p.split('/').map(encodeURIComponent).join('/')}`;
    const up = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const items = [
      ...(path ? [`<li><a href="${href(up)}${up ? '/' : ''}">..</a></li>`] : []),
      ...dirs.map((d) => `<li><a href="${href(path ? `${path}/${d}` : d)}/">${escape(d)}/</a></li>`),
      ...files.map((f) => `<li><a href="${href(f)}">${escape(f.slice(path ? path.length + 1 : 0))}</a></li>`),
    ];
    const title = `${path || '/'} at ${snapshot.commit.slice(0, 12)} (${snapshot.branch})`;
    res
      .type('text/html; charset=utf-8')
      .send(
        [
          '<!doctype html>',
          `<html><head><meta charset="utf-8"><title>${escape(title)}</title></head>`,
          '<body style="font-family: sans-serif">',
          `<h1>${escape(path || '/')}</h1>`,
          `<p>Commit <code>${escape(snapshot.commit)}</code> on branch <code>${escape(snapshot.branch)}</code>, read-only.</p>`,
          `<ul>${items.join('')}</ul>`,
          '</body></html>',
        ].join('\n'),
      );
  });
  return router;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
