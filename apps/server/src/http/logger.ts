import type { FastifyServerOptions } from 'fastify';

/**
 * pino options. Secrets never reach a log line: PINs, passwords, tokens,
 * cookies and card data are redacted wherever they appear (DOMAIN.md, PCI DSS).
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.pin',
        '*.password',
        '*.token',
        '*.secret',
        '*.pan',
        '*.cardNumber',
        '*.cvv',
        '*.track2',
      ],
      censor: '[redacted]',
    },
  };
}
