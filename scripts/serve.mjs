// A small static file server for the built site (build/web), used by `make serve` and by the
// browser tests. Serves only files under its root, with the right MIME types (application/wasm
// matters for streaming compilation). Usage: node scripts/serve.mjs [ROOT] [PORT] [--csp]
// (--csp sends STRICT_CSP, the policy the README asks hosts to serve the page with).
// Caching as a real host should do it (README, "Serving the page"): every response carries an
// ETag and Last-Modified with `cache-control: no-cache`, so a reload or a second embed asks again
// and gets 304 Not Modified without the body; text, WebAssembly and data files go gzip-compressed
// to clients that accept it.
import { createServer } from 'node:http';
import { createGzip } from 'node:zlib';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
};

/** Types that compress well (PNG and WAV files are already compressed or barely shrink). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.data', '.bin', '.svg', '.json', '.txt', '.md', '.tsv']);

/** A validator for a file's current version: its size and modification time (weak: the gzip
 *  and plain bodies share it). */
const etagOf = (stat) => `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;

/** Whether the request's validators match the file as it is (If-None-Match first, as RFC 9110). */
function notModified(req, etag, stat) {
  const match = req.headers['if-none-match'];
  if (match) return match.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(stat.mtimeMs / 1000) * 1000 <= since;
}

/** The Content-Security-Policy the page works under (README, "Serving the page"): scripts
 *  only from the site itself, no eval and no inline script or style; WebAssembly may compile
 *  ('wasm-unsafe-eval'); any page may embed it (embed.html). */
export const STRICT_CSP = [
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
  "img-src 'self' data: blob:", "connect-src 'self'", "media-src 'self' blob:", "object-src 'none'",
  "base-uri 'none'", 'frame-ancestors *',
].join('; ');

/** Starts a server for `root` on `port` (0 picks a free one) on the loopback address.
 *  options.csp: a Content-Security-Policy header sent with every response (none by default).
 *  Resolves to {server, url}. */
export function startServer(root, port = 0, host = '127.0.0.1', { csp } = {}) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let stat;
    try {
      stat = statSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (!stat.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const etag = etagOf(stat);
    const common = {
      'cache-control': 'no-cache',
      etag,
      'last-modified': new Date(stat.mtimeMs).toUTCString(),
      vary: 'accept-encoding',
      ...(csp ? { 'content-security-policy': csp } : {}),
    };
    if (notModified(req, etag, stat)) {
      res.writeHead(304, common).end();
      return;
    }
    const gzip = COMPRESSIBLE.has(extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    res.writeHead(200, {
      ...common,
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      ...(gzip ? { 'content-encoding': 'gzip' } : { 'content-length': stat.size }),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (gzip) createReadStream(file).pipe(createGzip({ level: 6 })).pipe(res);
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolvePromise({ server, port: actual, url: `http://${host}:${actual}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => a !== '--csp');
  const csp = process.argv.includes('--csp') ? STRICT_CSP : undefined;
  const root = args[0] ?? 'build/web';
  const port = Number(args[1] ?? 8000);
  try {
    statSync(join(root, 'index.html'));
  } catch {
    console.error(`serve: ${root}/index.html not found; build the site first (make web)`);
    process.exit(1);
  }
  startServer(root, port, '127.0.0.1', { csp }).then(({ port: actual }) => {
    console.log(`Spectral Tide is served at http://localhost:${actual}/${csp ? ' with a strict CSP' : ''}  (Ctrl-C stops it)`);
  }, (err) => {
    console.error(`serve: cannot listen on port ${port}: ${err.message}`);
    process.exit(1);
  });
}
