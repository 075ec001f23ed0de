import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyExponent, formatMinor, parseDecimalToMinor } from '@kassa/domain';
import type { CartLine } from '../../db/database.ts';

/** A price override for one line: the new unit price as typed decimal text (no floats). */
export default function PriceDialog({ line, currency, locale, money, onApply, onClose }: { line: CartLine; currency: string; locale: string; money(amount: number): string; onApply(unitPrice: number): void; onClose(): void }) {
  const { t } = useTranslation();
  const exponent = currencyExponent(currency);
  const [text, setText] = useState(formatMinor(line.unitPrice, exponent, locale.startsWith('nl') ? ',' : '.'));
  const parsed = parseDecimalToMinor(text.replace(/[.,]/, '.'), exponent);
  const value = parsed.ok && parsed.value >= 0 ? parsed.value : null;
  const original = line.originalUnitPrice ?? line.unitPrice;
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="price-title">
      <section className="card">
        <h2 id="price-title">{t('price.title', { name: line.description })}</h2>
        <p className="muted">{t('price.catalogue', { price: money(original) })}</p>
        <form onSubmit={(e) => { e.preventDefault(); if (value !== null) onApply(value); }}>
          <label className="field">
            {t('price.newPrice')}
            <input inputMode="decimal" name="unit-price" value={text} onChange={(e) => setText(e.target.value.replace(/[^\d.,]/g, ''))} autoFocus />
          </label>
          <div className="row">
            <button type="submit" className="btn primary" disabled={value === null}>{t('price.apply')}</button>
            {line.originalUnitPrice !== undefined && <button type="button" className="btn secondary" onClick={() => onApply(original)}>{t('price.reset')}</button>}
            <button type="button" className="btn secondary" onClick={onClose}>{t('discount.cancel')}</button>
          </div>
        </form>
      </section>
    </div>
  );
}
