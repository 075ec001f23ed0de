import type { SaleDocument } from '@kassa/contracts';
import { formatMilli } from '../lib/format.ts';

/** The lines of a receipt on screen (sale, return or exchange): quantity or weight, description, line total. */
export function ReceiptLines(props: {
  lines: SaleDocument['lines'];
  /** Each line's total with tax, in the order of `lines`. */
  lineTotals: ReadonlyArray<{ totalWithTax: number } | undefined>;
  locale: string;
  money: (amount: number) => string;
}) {
  const { lines, lineTotals, locale, money } = props;
  return (
    <tbody>
      {lines.map((line, i) => (
        <tr key={line.id}>
          <td>{line.quantityMilli !== undefined ? `${formatMilli(line.quantityMilli, locale)} kg` : `${line.quantity}×`}</td>
          <td>{line.description}</td>
          <td className="num">{money(lineTotals[i]?.totalWithTax ?? 0)}</td>
        </tr>
      ))}
    </tbody>
  );
}
