import type { Database } from '../db/database.ts';
import { updateReceiptSettings } from '../modules/receipts/index.ts';
import { demoLogoPng } from './demo-logo.ts';

/** What the demo stores print above and below every receipt: at most 32 characters a line, so 58 mm paper shows them whole. */
export const DEMO_RECEIPT_TEXTS: Record<string, { headerLines: string[]; footerLines: string[] }> = {
  'Huis & Haven Utrecht': {
    headerLines: ['Welkom bij Huis & Haven!', 'Open di–za 10–18, do tot 21 uur', 'www.huisenhaven.nl'],
    footerLines: [
      'Bedankt voor je bezoek!',
      'Ruilen of retour binnen 30 dagen',
      'met deze bon.',
      'Instagram: @huisenhaven',
    ],
  },
  'Huis & Haven Outlet Houten': {
    headerLines: ['Huis & Haven Outlet', 'Open wo–za 10–17 uur'],
    footerLines: [
      'Bedankt voor je bezoek!',
      'Outlet: ruilen binnen 14 dagen',
      'met deze bon; geen geld terug.',
    ],
  },
};

/** Gives each demo store its receipt logo, header and footer, as an owner would set them through the API. */
export async function seedDemoReceiptSettings(
  database: Database,
  organisationId: string,
  stores: Array<{ id: string; name: string }>,
  now: string,
): Promise<void> {
  const caller = {
    organisationId,
    actorRef: 'system:demo',
    audit: { organisationId, actorKind: 'system' as const, actorId: null },
  };
  const logo = { mediaType: 'image/png', data: demoLogoPng() };
  for (const store of stores) {
    const texts = DEMO_RECEIPT_TEXTS[store.name];
    if (!texts) continue;
    const outcome = await updateReceiptSettings(
      database.db,
      caller,
      store.id,
      { version: 0, ...texts, logo },
      now,
    );
    if (!outcome.ok)
      throw new Error(`The demo receipt settings of ${store.name} were refused: ${outcome.error.message}`);
  }
}
