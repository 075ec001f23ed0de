import { useTranslation } from 'react-i18next';
import { denominationsOf } from '@kassa/domain';
import { countTotal, type Counts } from '../../cash/count.ts';
import { formatMoney, intlLocale } from '../../lib/format.ts';

/** One row per note and coin of the currency (DENOMINATIONS): − / number / +, and the running total. */
export function DenominationCount({ currency, counts, onChange, testId }: { currency: string; counts: Counts; onChange(next: Counts): void; testId: string }) {
  const { t, i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const values = denominationsOf(currency) ?? [];
  const set = (value: number, count: number) => onChange({ ...counts, [value]: Math.max(0, Math.min(100_000, count)) });
  return (
    <div className="denominations" data-testid={testId}>
      {values.map((value) => {
        const label = t('shift.denomination', { value: formatMoney(value, currency, locale) });
        const n = counts[value] ?? 0;
        return (
          <div className="denomination" key={value}>
            <span className="denomination-value">{formatMoney(value, currency, locale)}</span>
            <button type="button" className="btn small" onClick={() => set(value, n - 1)} aria-label={`− ${label}`} disabled={n === 0}>−</button>
            <input className="denomination-count" inputMode="numeric" aria-label={label} value={n === 0 ? '' : String(n)} placeholder="0" onChange={(e) => set(value, Number(e.target.value.replace(/\D/g, '') || '0'))} />
            <button type="button" className="btn small" onClick={() => set(value, n + 1)} aria-label={`+ ${label}`}>+</button>
          </div>
        );
      })}
      <p className="denomination-total"><span>{t('shift.total')}</span> <strong data-testid={`${testId}-total`}>{formatMoney(countTotal(currency, counts), currency, locale)}</strong></p>
    </div>
  );
}
