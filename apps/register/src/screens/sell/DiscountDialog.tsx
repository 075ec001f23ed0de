import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { focusOnOpen } from '../menu/focus.ts';
import type { Discount } from '@kassa/domain';

const PRESETS = [5, 10, 15, 20, 25, 50];

/** Percentage presets and a free percentage; amounts stay in basis points (no floats). */
export function DiscountDialog({ title, current, onApply, onClose }: { title: string; current: Discount | undefined; onApply: (d: Discount | undefined) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [custom, setCustom] = useState('');
  const apply = (percent: number) => onApply({ kind: 'percent', bp: percent * 100 });
  const customValue = /^\d{1,3}$/.test(custom) && Number(custom) <= 100 ? Number(custom) : null;
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="discount-title">
      <section className="card" tabIndex={-1} ref={focusOnOpen}>
        <h2 id="discount-title">{title}</h2>
        <div className="grid-buttons">
          {PRESETS.map((p) => (
            <button type="button" key={p} className={`btn${current?.kind === 'percent' && current.bp === p * 100 ? ' primary' : ''}`} onClick={() => apply(p)}>
              {t('discount.percent', { value: p })}
            </button>
          ))}
        </div>
        <form className="row" onSubmit={(e) => { e.preventDefault(); if (customValue !== null) apply(customValue); }}>
          <label className="field grow">
            {t('discount.custom')}
            <input inputMode="numeric" value={custom} onChange={(e) => setCustom(e.target.value.replace(/\D/g, ''))} name="percent" />
          </label>
          <button type="submit" className="btn" disabled={customValue === null}>{t('discount.apply')}</button>
        </form>
        <div className="row">
          {current && <button type="button" className="btn secondary" onClick={() => onApply(undefined)}>{t('discount.remove')}</button>}
          <button type="button" className="btn secondary" onClick={onClose}>{t('discount.cancel')}</button>
        </div>
      </section>
    </div>
  );
}
