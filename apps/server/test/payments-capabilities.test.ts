import { describe, expect, it } from 'vitest';
import { defaultTerminalFactory } from '../src/modules/payments/payments-context.ts';

// Offline (store-and-forward) approvals are offered only by adapters whose uploads Kassa can
// follow: the simulator answers the upload state in its status query; a real Adyen terminal
// reports it by webhook, which Kassa does not receive yet (docs/PAYMENTS.md).
describe('which terminals may approve offline', () => {
  const config = { id: 't', endpoint: 'http://127.0.0.1:1/nexo', poiId: 'P400-1', saleId: 'register-1' };

  it('lets a simulator terminal approve offline and forces every Adyen payment online', () => {
    const factory = defaultTerminalFactory({});
    expect(factory({ ...config, adapter: 'simulator' }).capabilities.storeAndForward).toBe(true);
    expect(factory({ ...config, adapter: 'adyen' }).capabilities.storeAndForward).toBe(false);
  });
});
