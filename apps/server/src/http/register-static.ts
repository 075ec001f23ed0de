import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** apps/register/dist, built by `npm run build -w @kassa/register` (npm start builds it when missing or stale). */
export const REGISTER_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../register/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Kassa</title>
<h1>The register is not built yet</h1><p>Run <code>npm run build -w @kassa/register</code> (or <code>npm start</code>, which builds it) and reload.</p>
<p>De kassa is nog niet gebouwd: voer <code>npm run build -w @kassa/register</code> uit en laad de pagina opnieuw.</p>`;

function send(reply: FastifyReply, file: string, cache: string): FastifyReply {
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  return reply.header('content-type', type).header('cache-control', cache).send(createReadStream(file));
}

/**
 * Serves the register PWA at `/`: hashed assets cached for good, the shell and service worker
 * revalidated on every load (so updates arrive), and unknown paths answered with index.html
 * (client-side screens). /api stays the API's: an unknown /api path is a JSON 404.
 */
export function registerRegisterStatic(app: FastifyInstance, dist: string = REGISTER_DIST): void {
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const urlPath = decodeURIComponent(request.url.split('?')[0] ?? '/');
    if (urlPath.startsWith('/api/') || urlPath === '/api') {
      return reply.callNotFound();
    }
    const index = path.join(dist, 'index.html');
    if (!existsSync(index)) return reply.status(503).header('content-type', 'text/html; charset=utf-8').send(NOT_BUILT);
    const file = path.resolve(dist, `.${urlPath}`);
    // Never leave dist (../ tricks); anything not a file there is a client-side route.
    if (file.startsWith(dist + path.sep) && existsSync(file) && statSync(file).isFile()) {
      const immutable = urlPath.startsWith('/assets/');
      return send(reply, file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    return send(reply, index, 'no-cache');
  });
}
