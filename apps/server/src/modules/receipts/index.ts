export { enqueueDrawerKick, enqueuePrint, RECEIPT_JOB_TYPES, type PrintJobPayload } from './print-jobs.ts';
export { registerReceiptRoutes, type ReceiptModuleDeps } from './receipts.routes.ts';
export type { MailSettings } from './email.handler.ts';
export { receiptJobHandlers, mailSettingsFromEnv } from './receipt-job-handlers.ts';
export { updateReceiptSettings, type SettingsCaller } from './update-receipt-settings.ts';
