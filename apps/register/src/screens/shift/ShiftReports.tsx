import { useTranslation } from 'react-i18next';
import type { ShiftFigures, XReportData, ZReport } from '../../cash/report-types.ts';
import { formatMoney, intlLocale } from '../../lib/format.ts';

type X = XReportData;
type Figures = ShiftFigures;

function useMoney(currency: string) {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return { locale, money: (amount: number) => formatMoney(amount, currency, locale) };
}

/** cash / card / custom:<name> → what the cashier reads. */
export function tenderLabel(key: string, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (key.startsWith('custom:')) return key.slice('custom:'.length);
  return t(`shift.tender_${key}`, { defaultValue: key });
}

function FigureRows({ figures, currency }: { figures: Figures; currency: string }) {
  const { t } = useTranslation();
  const { money } = useMoney(currency);
  return (
    <>
      <tr><td>{t('shift.sales')} ({figures.sales.count})</td><td className="num">{money(figures.sales.total)}</td></tr>
      <tr><td>{t('shift.returnsRow')} ({figures.returns.count})</td><td className="num">{money(figures.returns.total)}</td></tr>
      <tr className="strong"><td>{t('shift.netTotal')}</td><td className="num">{money(figures.netTotal)}</td></tr>
      <tr><td>{t('shift.payIns')} ({figures.payIns.count})</td><td className="num">{money(figures.payIns.total)}</td></tr>
      <tr><td>{t('shift.payOuts')} ({figures.payOuts.count})</td><td className="num">{money(figures.payOuts.total)}</td></tr>
      <tr><td>{t('shift.noSales')}</td><td className="num">{figures.noSaleOpens}</td></tr>
    </>
  );
}

/** The X report: the shift so far and what should be in the till per tender (any time, reads only). */
export function XReportView({ report }: { report: X }) {
  const { t } = useTranslation();
  const { money } = useMoney(report.currency);
  return (
    <article className="receipt report" data-testid="x-report">
      <h3>{t('shift.xTitle')}</h3>
      <table>
        <tbody>
          <tr><td>{t('shift.openingFloat')}</td><td className="num">{money(report.openingFloat)}</td></tr>
          <FigureRows figures={report.figures} currency={report.currency} />
          {report.expected.map((e) => (
            <tr key={e.key} data-testid={`x-expected-${e.key}`}><td>{t('shift.expected')} {tenderLabel(e.key, t)}</td><td className="num">{money(e.amount)}</td></tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

/** The Z report after a blind close: expected, counted and over/short per tender, then the totals. */
export function ZReportView({ report }: { report: ZReport }) {
  const { t } = useTranslation();
  const { money, locale } = useMoney(report.currency);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <article className="receipt report" data-testid="z-report">
      <h3>{t('shift.zTitle', { number: report.zNumber })}</h3>
      <p className="muted">{when.format(new Date(report.openedAt))} – {when.format(new Date(report.closedAt))}</p>
      <div className="table-scroll">
      <table>
        <thead>
          <tr><th scope="col">{t('shift.tenderCol')}</th><th scope="col" className="num">{t('shift.expected')}</th><th scope="col" className="num">{t('shift.counted')}</th><th scope="col" className="num">{t('shift.difference')}</th></tr>
        </thead>
        <tbody>
          {report.reconciliation.map((r) => (
            <tr key={r.key} data-testid={`z-row-${r.key}`}>
              <td>{tenderLabel(r.key, t)}</td>
              <td className="num" data-testid="z-expected">{money(r.expected)}</td>
              <td className="num" data-testid="z-counted">{money(r.counted)}</td>
              <td className={`num ${r.difference < 0 ? 'bad' : r.difference > 0 ? 'warn' : 'ok'}`} data-testid="z-difference">
                {money(r.difference)}
                <br />
                <span className="diff-word">{r.difference < 0 ? t('shift.short') : r.difference > 0 ? t('shift.over') : t('shift.even')}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <table>
        <tbody>
          <tr><td>{t('shift.openingFloat')}</td><td className="num">{money(report.openingFloat)}</td></tr>
          {report.openingDiscrepancy !== null && <tr><td>{t('shift.openingDiscrepancy')}</td><td className="num">{money(report.openingDiscrepancy)}</td></tr>}
          <FigureRows figures={report.figures} currency={report.currency} />
          <tr><td>{t('shift.grandTotal')}</td><td className="num">{money(report.grandTotal)}</td></tr>
        </tbody>
      </table>
    </article>
  );
}
