export { enqueueDrawerKick, enqueuePrint, RECEIPT_JOB_TYPES, type PrintJobPayload } from './print-jobs.ts';
export { registerReceiptRoutes } from './receipts.routes.ts';
export { receiptJobHandlers, mailSettingsFromEnv } from './receipt-job-handlers.ts';
export { updateReceiptSettings, type SettingsCaller } from './update-receipt-settings.ts';
