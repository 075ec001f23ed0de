import nodemailer from 'nodemailer';
import type { ClaimedJob, JobContext, JobHandler } from '../../jobs/index.ts';
import { loadReceipt } from './load-receipt.ts';
import { renderHtml, renderText } from '@kassa/domain/receipt-printing';

export interface EmailPayload {
  saleId: string;
  to: string;
  locale: 'nl' | 'en' | null;
}

export interface MailSettings {
  /** smtp://user:pass@host:port or smtps://… (KASSA_SMTP_URL). */
  smtpUrl: string;
  from: string;
}

const SUBJECT = { nl: (shop: string, n: number) => `Je kassabon van ${shop} (bon ${n})`, en: (shop: string, n: number) => `Your receipt from ${shop} (receipt ${n})` };

/**
 * Sends a receipt by e-mail: the HTML receipt with a plain-text part. Idempotent by job id: a
 * delivery row is written right after the SMTP server accepted the message, and a retried job
 * finding it sends nothing (the Message-ID is the job id, so a duplicate after a crash in that
 * tiny window is recognisable to the recipient's mail server).
 */
export function emailJobHandler(settings: MailSettings): JobHandler {
  const transport = nodemailer.createTransport(settings.smtpUrl);
  return async (job: ClaimedJob, { db, clock }: JobContext) => {
    const payload = job.payload as EmailPayload;
    const sent = await db.selectFrom('email_deliveries').select('job_id').where('job_id', '=', job.id).executeTakeFirst();
    if (sent) return;
    const loaded = await loadReceipt(db, job.organisationId ?? '', payload.saleId, { locale: payload.locale });
    if (!loaded) throw new Error(`sale ${payload.saleId} not found`);
    const messageId = `<${job.id}@kassa.receipts>`;
    await transport.sendMail({
      from: settings.from,
      to: payload.to,
      subject: SUBJECT[loaded.document.locale](loaded.document.shop.name, loaded.sale.receiptNumber),
      text: renderText(loaded.document, 80),
      html: renderHtml(loaded.document, 80),
      messageId,
      // The HTML receipt embeds the logo as a data URL; many mail clients block those, so
      // nodemailer turns it into an inline (cid:) attachment of the same message.
      attachDataUrls: true,
    });
    await db.insertInto('email_deliveries').values({ job_id: job.id, recipient: payload.to, message_id: messageId, sent_at: clock.now().toISOString() }).onConflict((oc) => oc.column('job_id').doNothing()).execute();
  };
}
