// The payments module's public face: the terminal port, the nexo (Adyen
// Terminal API) messages shared with the simulator, the routes, and the
// card-tender check the sales module runs inside a sale's transaction.
export type { CardFacts, DeclineReason, EntryMode, PayInput, PaymentTerminal, ProgressEvent, RefundInput, StatusResult, TerminalConfig, TerminalFactory, TerminalOutcome } from './terminal-port.ts';
export { transition, isOpen, OPEN_STATES, type AttemptState, type AttemptEvent } from './attempt-states.ts';
export * from './nexo/nexo-messages.ts';
export { maskedOnly, paymentOutcome, reversalOutcome, statusOutcome } from './nexo/nexo-outcomes.ts';
export { AdyenTerminalAdapter, type AdyenAdapterOptions } from './nexo/adyen-terminal-adapter.ts';
export { decryptNexoMessage, deriveNexoKeys, encryptNexoMessage, isSecuredMessage, NexoSecurityError, type NexoSecurityKey, type SecuredMessage } from './nexo/nexo-crypto.ts';
export { registerPaymentRoutes } from './payments.routes.ts';
export { paymentSettingsFromEnv, defaultTerminalFactory, nexoSecurityFromEnv, type PaymentSettings } from './payments-context.ts';
export { paymentJobHandlers } from './payment-sweep.ts';
export { verifyCardTenders, type CardTenderFlag } from './verify-card-tenders.ts';
export { cardTendersOfVoid, type CardRefundClaim } from './void-card-refunds.ts';
// Terminal registration, for the demo start (it registers its terminal simulator).
export { createTerminal, listTerminals } from './terminals.repository.ts';
