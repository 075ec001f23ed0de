import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleDocument } from '@kassa/contracts';
import { formatMilli } from '../lib/format.ts';

/** The lines of a receipt on screen (sale, return or exchange): quantity or weight, description, line total, then the line's note and salesperson. */
export function ReceiptLines(props: {
  lines: SaleDocument['lines'];
  /** Each line's total with tax, in the order of `lines`. */
  lineTotals: ReadonlyArray<{ totalWithTax: number } | undefined>;
  locale: string;
  money: (amount: number) => string;
  /** Names of staff by id: a line sold by someone else than the cashier names them. */
  staffNames?: ReadonlyMap<string, string>;
  /** The cashier of the document: their own lines need no "sold by". */
  cashierId?: string | null;
}) {
  const { t } = useTranslation();
  const { lines, lineTotals, locale, money } = props;
  return (
    <tbody>
      {lines.map((line, i) => {
        const soldBy = line.soldByStaffId && line.soldByStaffId !== props.cashierId ? (props.staffNames?.get(line.soldByStaffId) ?? null) : null;
        return (
          <Fragment key={line.id}>
            <tr>
              <td>{line.quantityMilli !== undefined ? `${formatMilli(line.quantityMilli, locale)} kg` : `${line.quantity}×`}</td>
              <td>{line.description}{line.unknownItem && <span className="muted"> ({t('unknownItem.marker')})</span>}</td>
              <td className="num">{money(lineTotals[i]?.totalWithTax ?? 0)}</td>
            </tr>
            {(line.note || soldBy) && (
              <tr className="receipt-line-extra">
                <td />
                <td colSpan={2}>
                  {soldBy && <span className="receipt-sold-by">{t('lineEdit.soldByShort', { name: soldBy })}</span>}
                  {soldBy && line.note && <br />}
                  {line.note && <span className="receipt-note">{line.note}</span>}
                </td>
              </tr>
            )}
          </Fragment>
        );
      })}
    </tbody>
  );
}
