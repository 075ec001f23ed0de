import { existsSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** Where a tablet or phone downloads the shop's local CA to trust it (docs/OPERATIONS.md, "HTTPS"). */
export const CA_DOWNLOAD_PATH = '/kassa-ca.crt';

const NO_CA =
  'This Kassa has no local certificate authority yet. On the computer that runs Kassa: npm run kassa -- tls init (docs/OPERATIONS.md, HTTPS).\n';

/**
 * Serves the local CA certificate (public by nature: it is what devices install) at a fixed
 * address, so a tablet can fetch it from the shop's own server. Only the certificate, never a key.
 * application/x-x509-ca-cert makes iOS and Android offer to install it. Without a CA file the
 * answer is a 404 that says how to make one (not the register's page under a .crt name).
 */
export function registerCaDownload(app: FastifyInstance, caFile: string | null | undefined): void {
  app.get(CA_DOWNLOAD_PATH, { schema: { hide: true } }, async (_request, reply) => {
    if (!caFile || !existsSync(caFile))
      return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send(NO_CA);
    return reply
      .header('content-type', 'application/x-x509-ca-cert')
      .header('content-disposition', 'attachment; filename="kassa-ca.crt"')
      .header('cache-control', 'no-cache')
      .send(readFileSync(caFile));
  });
}
