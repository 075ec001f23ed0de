import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from '../../app/register-context.tsx';
import { refreshShift, SHIFT_KEY, type LocalShift } from '../../cash/local-shift.ts';
import { formatTime, intlLocale } from '../../lib/format.ts';
import { useLiveQuery } from '../../lib/use-live-query.ts';

/** The status bar's shift item: open since when, or "no shift open". Read live from the device's database. */
export function ShiftPill() {
  const { t, i18n } = useTranslation();
  const { db, api, device, session } = useRegister();
  const token = session?.token ?? null;
  // At sign-in: the server knows whether a shift is open on this register (maybe opened elsewhere).
  useEffect(() => {
    if (device && token) void refreshShift(db, api, token, device.registerId);
  }, [db, api, device, token]);
  const shift = useLiveQuery(async () => ((await db.meta.get(SHIFT_KEY))?.value as LocalShift | undefined) ?? null, [db], null);
  return (
    <span className="muted" data-testid="shift-pill">
      {shift ? t('shift.pill', { time: formatTime(shift.openedAt, intlLocale(i18n.language)) }) : t('status.noShift')}
    </span>
  );
}
