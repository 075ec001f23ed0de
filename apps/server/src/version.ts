/** The version reported by the API and the CLI. */
export const KASSA_VERSION = '0.1.0';
