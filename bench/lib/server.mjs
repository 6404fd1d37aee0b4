/**
 * A static server on 127.0.0.1 for the bench pages: each page is a plain HTML shell plus one bundled
 * script, served from a real http origin so it gets its own IndexedDB, as an extension page would.
 */
import { createServer } from 'node:http';

/** `files` maps a path (`/store.js`) to `{ type, body }`. Resolves with the origin and a close(). */
export async function startServer(files) {
  const server = createServer((req, res) => {
    const file = files[new URL(req.url, 'http://127.0.0.1').pathname];
    if (!file) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        // Chromium keeps idle keep-alive sockets open after the tab closes; close() would wait for them.
        server.closeAllConnections();
      }),
  };
}

/** A page that loads one script; `/index.html` and `/app.js`. */
export function scriptPage(script, title) {
  return {
    '/index.html': { type: 'text/html; charset=utf-8', body: `<!doctype html><meta charset="utf-8"><title>${title}</title><script src="/app.js"></script>` },
    '/app.js': { type: 'text/javascript; charset=utf-8', body: script },
  };
}
