import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyExponent, parseDecimalToMinor } from '@kassa/domain';
import type { RegisterDatabase } from '../../db/database.ts';
import { taxClassChoices, type TaxClassChoice } from '../../sale/unknown-item.ts';

export interface UnknownItemEntry {
  description: string;
  unitPrice: number;
  taxes: Array<{ code: string; rateBp: number }>;
}

/**
 * Sells an item the catalogue does not know (an unknown barcode, a label that fell off): the
 * cashier describes it, types the price and picks the tax class. The server flags the sale
 * UNKNOWN_ITEM so someone adds it to the catalogue.
 */
export default function UnknownItemDialog({ db, code, currency, onAdd, onClose }: { db: RegisterDatabase; code: string | null; currency: string; onAdd(entry: UnknownItemEntry): void; onClose(): void }) {
  const { t } = useTranslation();
  const [description, setDescription] = useState('');
  const [price, setPrice] = useState('');
  const [choices, setChoices] = useState<TaxClassChoice[]>([]);
  const [taxClass, setTaxClass] = useState('');
  useEffect(() => {
    void taxClassChoices(db).then((found) => {
      setChoices(found);
      setTaxClass((current) => current || (found[0]?.taxClass ?? ''));
    });
  }, [db]);
  const parsed = parseDecimalToMinor(price.replace(',', '.'), currencyExponent(currency));
  const unitPrice = parsed.ok && parsed.value > 0 ? parsed.value : null;
  const chosen = choices.find((c) => c.taxClass === taxClass);
  const ready = description.trim() !== '' && unitPrice !== null && chosen !== undefined;
  const rates = (c: TaxClassChoice) => c.taxes.map((x) => `${x.rateBp / 100} %`).join(' + ');
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="unknown-title" data-testid="unknown-item-dialog">
      <section className="card">
        <h2 id="unknown-title">{t('unknownItem.title')}</h2>
        {code && <p className="muted">{t('unknownItem.forCode', { code })}</p>}
        <form onSubmit={(e) => { e.preventDefault(); if (ready) onAdd({ description: description.trim(), unitPrice, taxes: chosen.taxes }); }}>
          <label className="field">
            {t('unknownItem.description')}
            <input name="unknown-description" maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" autoFocus />
          </label>
          <label className="field">
            {t('unknownItem.price')}
            <input name="unknown-price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value.replace(/[^\d.,]/g, ''))} autoComplete="off" />
          </label>
          <label className="field">
            {t('unknownItem.taxClass')}
            <select name="unknown-tax-class" value={taxClass} onChange={(e) => setTaxClass(e.target.value)}>
              {choices.map((c) => (
                <option key={c.taxClass} value={c.taxClass}>{t(`unknownItem.taxClass_${c.taxClass}`, { defaultValue: c.taxClass })} ({rates(c)})</option>
              ))}
            </select>
          </label>
          <p className="muted small-text">{t('unknownItem.hint')}</p>
          <div className="row">
            <button type="submit" className="btn primary" disabled={!ready}>{t('unknownItem.add')}</button>
            <button type="button" className="btn secondary" onClick={onClose}>{t('discount.cancel')}</button>
          </div>
        </form>
      </section>
    </div>
  );
}
