// A small static file server for the built site (build/web), used by `make serve` and by the
// browser tests. Serves only files under its root, with the right MIME types (application/wasm
// matters for streaming compilation). Usage: node scripts/serve.mjs [ROOT] [PORT] [--csp]
// (--csp sends STRICT_CSP, the policy the README asks hosts to serve the page with).
import { createServer } from 'node:http';
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
};

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
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': 'no-cache',
      ...(csp ? { 'content-security-policy': csp } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
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
