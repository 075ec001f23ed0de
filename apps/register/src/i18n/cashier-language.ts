// Dutch or English per cashier (issue 6). At sign-in the register shows the person's language: the
// one they last chose on this device, else the locale the server keeps for them (sent with the
// device's staff list, so an offline sign-in knows it too). The language button changes it for
// whoever is signed in. The device remembers the last language shown: main.tsx starts in it and
// the sign-in screen shows it. No endpoint lets a cashier change their own locale on the server
// (PUT /api/v1/staff/:id needs staff.manage), so a choice lives on this device only.
import { getMeta, setMeta, type RegisterDatabase } from '../db/database.ts';
import { switchLanguage, type Language } from './index.ts';

/** db.meta key of the device's last language, read at boot (main.tsx). */
export const DEVICE_LANGUAGE = 'language';

/** A person's choice on this device, with the server's locale at the time it was made. */
interface PersonChoice {
  language: Language;
  serverLocale: string | null;
}

const choiceKey = (staffId: string) => `language:${staffId}`;

/** nl-NL, nl-BE → nl; en-GB, en → en; a language the register has no text for → null. */
export function languageOfLocale(locale: string | null | undefined): Language | null {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  return primary === 'nl' || primary === 'en' ? primary : null;
}

export function otherLanguage(current: string): Language {
  return current === 'nl' ? 'en' : 'nl';
}

/** The language to show for a person, or null to keep the current one. */
export async function cashierLanguage(db: RegisterDatabase, staffId: string): Promise<Language | null> {
  const [staff, choice] = await Promise.all([
    db.staff.get(staffId),
    getMeta<PersonChoice>(db, choiceKey(staffId)),
  ]);
  const serverLocale = staff?.locale ?? null;
  // A locale changed on the server since the choice (by a manager) is newer than the choice.
  if (choice && (serverLocale === null || choice.serverLocale === serverLocale)) return choice.language;
  return languageOfLocale(serverLocale);
}

/** At a sign-in: switch to the person's language. */
export async function showCashierLanguage(db: RegisterDatabase, staffId: string): Promise<void> {
  const language = await cashierLanguage(db, staffId);
  if (language) await showLanguage(db, language);
}

/** The language button: for the signed-in person (staffId), or only for the device when nobody is. */
export async function chooseLanguage(
  db: RegisterDatabase,
  staffId: string | null,
  language: Language,
): Promise<void> {
  await showLanguage(db, language);
  if (!staffId) return;
  const serverLocale = (await db.staff.get(staffId))?.locale ?? null;
  await setMeta(db, choiceKey(staffId), { language, serverLocale } satisfies PersonChoice);
}

async function showLanguage(db: RegisterDatabase, language: Language): Promise<void> {
  await switchLanguage(language);
  await setMeta(db, DEVICE_LANGUAGE, language);
}
