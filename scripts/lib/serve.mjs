// The static server of the bench scripts (and scripts/screenshots.mjs): a folder served over http on a
// free port of 127.0.0.1 as a static host serves it, each file with its content type (wasm as
// application/wasm, so the glue can stream-compile it) and brotli-compressed where the browser accepts
// it. It runs inside the script's own process: nothing is left behind when the script stops.
//
//   const site = await serveStatic(resolve('dist'), { precompress: true });
//   await page.goto(`${site.origin}index.html#/lesson/…`);
//   await site.close();
//
// Files are read and compressed (brotli quality 11, as a host compresses ahead of time) once: all of
// them before the server answers with `precompress` (for a bench that times page loads, so no run pays
// for compression), otherwise each on its first request. The folder must not change while it is served.
import { createServer } from 'node:http';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';

const compress = promisify(brotliCompress);

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.eot': 'application/vnd.ms-fontobject',
  '.webmanifest': 'application/manifest+json', '.ico': 'image/x-icon', '.txt': 'text/plain',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.webmanifest', '.txt', '.ttf', '.eot']);

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)])));
  return nested.flat();
}

/**
 * Serves `root` (an absolute path) until `close()`. Returns `{ port, origin, close }`; `origin` ends in
 * a slash. A path that names a folder serves its index.html.
 */
export async function serveStatic(root, { precompress = false } = {}) {
  root = normalize(root).replace(/[/\\]+$/, '');
  /** path → promise of { body, br }, made on first use (or up front with `precompress`). */
  const cache = new Map();
  const load = (path) => {
    if (!cache.has(path)) {
      cache.set(path, (async () => {
        const body = await readFile(path);
        const br = COMPRESSIBLE.has(extname(path))
          ? await compress(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
          : null;
        return { body, br };
      })());
    }
    return cache.get(path);
  };
  const isFile = async (path) => cache.has(path) || ((await stat(path).catch(() => null))?.isFile() ?? false);
  if (precompress) for (const path of await filesUnder(root)) await load(path);

  const server = createServer(async (request, response) => {
    try {
      let path = normalize(join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
      if (!path.startsWith(root + sep) && path !== root) { response.writeHead(403).end(); return; }
      if (!(await isFile(path)) && (await isFile(join(path, 'index.html')))) path = join(path, 'index.html');
      if (!(await isFile(path))) { response.writeHead(404).end(); return; }
      const file = await load(path);
      const headers = { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' };
      const brotli = file.br && /\bbr\b/.test(request.headers['accept-encoding'] ?? '');
      const body = brotli ? file.br : file.body;
      if (brotli) headers['Content-Encoding'] = 'br';
      response.writeHead(200, { ...headers, 'Content-Length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      // A malformed %-escape or an unreadable file: the request fails, the server goes on.
      if (!response.headersSent) response.writeHead(400);
      response.end();
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}/`,
    /** Stops listening and ends every open connection (a browser keeps them alive), so the script can exit. */
    close: () => new Promise((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}
