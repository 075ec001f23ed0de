import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from '../../app/register-context.tsx';
import { useLiveQuery } from '../../lib/use-live-query.ts';
import { forgetConnection, pairPrinter } from '../../print/direct-printer.ts';
import { testPrint } from '../../print/direct-print.ts';
import { loadDirectPrinter, saveDirectPrinter, type DirectPrinter } from '../../print/printer-settings.ts';
import { SERIAL_BAUD_RATES } from '../../print/serial-printer.ts';
import { isChooserCancelled, supportedPrinterKinds, type PrinterKind } from '../../print/transport.ts';

const KINDS: PrinterKind[] = ['usb', 'serial', 'bluetooth'];

/**
 * Pairing the receipt printer attached to this device (USB, serial or Bluetooth), its paper width
 * and whether it opens the cash drawer. Only the connections this browser has are offered
 * (feature detection); the browser's chooser opens from the button, as browsers require.
 */
export default function PrinterSettings({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { db } = useRegister();
  const printer = useLiveQuery(() => loadDirectPrinter(db), [db], null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [baudRate, setBaudRate] = useState(9600);
  const supported = supportedPrinterKinds();
  const anySupported = KINDS.some((k) => supported[k]);

  async function pair(kind: PrinterKind) {
    setMessage(null);
    try {
      const paired = await pairPrinter(kind, { baudRate });
      // A new printer keeps the width and drawer choice of the one it replaces.
      await saveDirectPrinter(
        db,
        printer ? { ...paired, width: printer.width, openDrawer: printer.openDrawer } : paired,
      );
    } catch (error) {
      if (!isChooserCancelled(error))
        setMessage({
          tone: 'bad',
          text: t('directPrint.pairFailed', {
            message: error instanceof Error ? error.message : String(error),
          }),
        });
    }
  }

  async function change(patch: Partial<Pick<DirectPrinter, 'width' | 'openDrawer'>> & { baudRate?: number }) {
    if (!printer) return;
    const { baudRate: rate, ...rest } = patch;
    const next: DirectPrinter =
      printer.kind === 'serial' && rate
        ? { ...printer, ...rest, serial: { ...printer.serial, baudRate: rate } }
        : { ...printer, ...rest };
    // The serial port is opened at its baud rate: reopen it with the new one.
    if (rate) await forgetConnection();
    await saveDirectPrinter(db, next);
  }

  async function test() {
    if (!printer) return;
    setBusy(true);
    const outcome = await testPrint(printer, [t('directPrint.testLine'), printer.name]);
    setBusy(false);
    setMessage(
      outcome.ok
        ? { tone: 'ok', text: t('directPrint.testDone', { name: printer.name }) }
        : {
            tone: 'bad',
            text: t('directPrint.failed', {
              name: printer.name,
              error: t(`directPrint.error_${outcome.code}`, { message: outcome.message }),
            }),
          },
    );
  }

  async function forget() {
    await forgetConnection();
    await saveDirectPrinter(db, null);
    setMessage(null);
  }

  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="printer-title"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <section className="card" data-testid="printer-settings">
        <h2 id="printer-title">{t('directPrint.title')}</h2>
        <p className="muted">{t('directPrint.intro')}</p>
        {!anySupported && (
          <p className="banner warn" data-testid="printer-none-supported">
            {t('directPrint.noneSupported')}
          </p>
        )}
        {anySupported && (
          <>
            <div className="row">
              {KINDS.filter((k) => supported[k]).map((kind) => (
                <button
                  type="button"
                  key={kind}
                  className="btn"
                  onClick={() => void pair(kind)}
                  data-testid={`pair-${kind}`}
                >
                  {t(`directPrint.pair_${kind}`)}
                </button>
              ))}
            </div>
            {KINDS.filter((k) => !supported[k]).map((kind) => (
              <p key={kind} className="muted" data-testid={`unsupported-${kind}`}>
                {t(`directPrint.unsupported_${kind}`)}
              </p>
            ))}
            {supported.serial && (
              <label className="field">
                <span>{t('directPrint.baudRate')}</span>
                <select
                  value={printer?.kind === 'serial' ? printer.serial.baudRate : baudRate}
                  onChange={(e) =>
                    printer?.kind === 'serial'
                      ? void change({ baudRate: Number(e.target.value) })
                      : setBaudRate(Number(e.target.value))
                  }
                  data-testid="printer-baud"
                >
                  {SERIAL_BAUD_RATES.map((rate) => (
                    <option key={rate} value={rate}>
                      {rate}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <p className="muted">{t('directPrint.otherBrowsers')}</p>
          </>
        )}
        {printer ? (
          <div data-testid="printer-paired">
            <p>
              <strong>
                {t('directPrint.paired', { name: printer.name, kind: t(`directPrint.kind_${printer.kind}`) })}
              </strong>
            </p>
            <label className="field">
              <span>{t('directPrint.width')}</span>
              <select
                value={printer.width}
                onChange={(e) => void change({ width: Number(e.target.value) === 58 ? 58 : 80 })}
                data-testid="printer-width"
              >
                <option value={58}>58 mm</option>
                <option value={80}>80 mm</option>
              </select>
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={printer.openDrawer}
                onChange={(e) => void change({ openDrawer: e.target.checked })}
                data-testid="printer-drawer"
              />{' '}
              {t('directPrint.openDrawer')}
            </label>
            {printer.kind === 'bluetooth' && <p className="muted">{t('directPrint.bluetoothNote')}</p>}
            <div className="row">
              <button
                type="button"
                className="btn"
                onClick={() => void test()}
                disabled={busy}
                data-testid="printer-test"
              >
                {t('directPrint.test')}
              </button>
              <button
                type="button"
                className="btn secondary"
                onClick={() => void forget()}
                data-testid="printer-forget"
              >
                {t('directPrint.forget')}
              </button>
            </div>
          </div>
        ) : (
          anySupported && (
            <p className="muted" data-testid="printer-none">
              {t('directPrint.none')}
            </p>
          )
        )}
        {message && (
          <p className={`banner ${message.tone}`} role="status" data-testid="printer-message">
            {message.text}
          </p>
        )}
        <div className="row">
          <button type="button" className="btn secondary" onClick={onClose} autoFocus>
            {t('directPrint.close')}
          </button>
        </div>
      </section>
    </div>
  );
}
