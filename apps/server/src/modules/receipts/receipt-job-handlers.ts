import type { JobHandlerLoaders } from '../../jobs/index.ts';
import type { MailSettings } from './email.handler.ts';
import { RECEIPT_JOB_TYPES } from './print-jobs.ts';

/**
 * The outbox handlers of this module, loaded on first use so a server that never prints does not
 * load the encoder or nodemailer. Without mail settings e-mail jobs wait (no handler claims them).
 */
export function receiptJobHandlers(mail: MailSettings | null): JobHandlerLoaders {
  const print = async () => (await import('./print.handler.ts')).printJob;
  return {
    [RECEIPT_JOB_TYPES.print]: print,
    [RECEIPT_JOB_TYPES.drawerKick]: print,
    ...(mail ? { [RECEIPT_JOB_TYPES.email]: async () => (await import('./email.handler.ts')).emailJobHandler(mail) } : {}),
  };
}

/** Mail settings from the environment: KASSA_SMTP_URL and KASSA_SMTP_FROM. */
export function mailSettingsFromEnv(env: Record<string, string | undefined>): MailSettings | null {
  if (!env.KASSA_SMTP_URL) return null;
  return { smtpUrl: env.KASSA_SMTP_URL, from: env.KASSA_SMTP_FROM ?? 'Kassa <kassa@localhost>' };
}
