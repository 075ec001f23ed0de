import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const MAX_PIN = 6;
const MIN_PIN = 4;

/** The PIN field and touch keypad (4–6 digits) for signing in and for a manager's approval. */
export function PinPad(props: {
  pin: string;
  setPin: Dispatch<SetStateAction<string>>;
  onSubmit: () => void;
  submitLabel: string;
  busy: boolean;
  /** The field's name, so a password manager never mixes a sign-in PIN with an approval. */
  name: string;
}) {
  const { t } = useTranslation();
  const { pin, setPin } = props;
  const press = (digit: string) => setPin((p) => (p.length < MAX_PIN ? p + digit : p));
  return (
    <form onSubmit={(e) => { e.preventDefault(); props.onSubmit(); }} className="pin-form">
      <label className="field">
        {t('signIn.pin')}
        <input type="password" inputMode="numeric" autoComplete="off" pattern="[0-9]*" maxLength={MAX_PIN} value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, MAX_PIN))} autoFocus name={props.name} />
      </label>
      <div className="keypad">
        {DIGITS.map((d) => (
          <button type="button" key={d} className="key" onClick={() => press(d)} aria-label={t('signIn.digit', { digit: d })}>{d}</button>
        ))}
        <button type="button" className="key" onClick={() => setPin('')}>{t('signIn.clear')}</button>
        <button type="button" className="key" onClick={() => press('0')} aria-label={t('signIn.digit', { digit: '0' })}>0</button>
        <button type="submit" className="key primary" disabled={pin.length < MIN_PIN || props.busy}>{props.submitLabel}</button>
      </div>
    </form>
  );
}
