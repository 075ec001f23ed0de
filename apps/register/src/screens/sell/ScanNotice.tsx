import { useTranslation } from 'react-i18next';

/** What a scan could not add: the code, what to do next, and for an unknown code the way to sell it anyway. */
export interface ScanNoticeValue {
  text: string;
  /** Set for a code the catalogue does not know: it can be sold as an unknown item. */
  unknownCode: string | null;
}

/** The large red scan message (UI.md: an unknown code says so, big, with what to do next). */
export function ScanNotice({ notice, readOnly, onUnknownItem, onDismiss }: { notice: ScanNoticeValue; readOnly: boolean; onUnknownItem(code: string): void; onDismiss(): void }) {
  const { t } = useTranslation();
  const code = notice.unknownCode;
  return (
    <div className="notice bad" role="alert" data-testid="scan-notice">
      <strong>{notice.text}</strong>
      <span>{code !== null ? t('unknownItem.notFoundHint') : t('sell.unknownHint')}</span>
      {code !== null && !readOnly && (
        <button type="button" className="btn" onClick={() => onUnknownItem(code)} data-testid="add-unknown">{t('unknownItem.addButton')}</button>
      )}
      <button type="button" className="btn" onClick={onDismiss}>{t('sell.dismiss')}</button>
    </div>
  );
}
