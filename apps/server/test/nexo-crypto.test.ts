import { describe, expect, it } from 'vitest';
import { pbkdf2Sync } from 'node:crypto';
import { createRequire } from 'node:module';
import type AdyenNexoCryptoModule from '@adyen/api-library/lib/src/security/nexoCrypto.js';
import {
  MessageCategoryType,
  MessageClassType,
  MessageType,
} from '@adyen/api-library/lib/src/typings/terminal/models.js';
import {
  decryptNexoMessage,
  deriveNexoKeys,
  encryptNexoMessage,
  NexoSecurityError,
  nexoSecurityFromEnv,
  type SecuredMessage,
} from '../src/modules/payments/index.ts';

// Adyen's own implementation (CommonJS), loaded as Node loads it, to prove ours interoperates.
const AdyenNexoCrypto = (
  createRequire(import.meta.url)(
    '@adyen/api-library/lib/src/security/nexoCrypto.js',
  ) as typeof AdyenNexoCryptoModule
).default;
const key = { keyIdentifier: 'KassaKey', keyVersion: 1, passphrase: 'Correct horse battery staple' };
const adyenKey = {
  KeyIdentifier: key.keyIdentifier,
  KeyVersion: key.keyVersion,
  Passphrase: key.passphrase,
  AdyenCryptoVersion: 1,
};
const header = {
  ProtocolVersion: '3.0',
  MessageClass: MessageClassType.Service,
  MessageCategory: MessageCategoryType.Payment,
  MessageType: MessageType.Request,
  ServiceID: 'S1',
  SaleID: 'register-1',
  POIID: 'V400m-1',
};
const message = {
  SaleToPOIRequest: {
    MessageHeader: header,
    PaymentRequest: {
      SaleData: { SaleTransactionID: { TransactionID: 'café ✓', TimeStamp: '2026-11-27T10:15:00.000Z' } },
    },
  },
};

/** Flips one bit of the first ciphertext block: the padding still decrypts, so only the HMAC can tell. */
function tampered(secured: SecuredMessage): SecuredMessage {
  const blob = Buffer.from(secured.NexoBlob, 'base64');
  blob[0] = blob[0]! ^ 1;
  return { ...secured, NexoBlob: blob.toString('base64') };
}

describe('the nexo encryption envelope (Adyen Terminal API on the local network)', () => {
  it('derives 32 HMAC key bytes, 32 cipher key bytes and 16 IV bytes from PBKDF2-HMAC-SHA1(passphrase, "AdyenNexoV1Salt", 4000)', () => {
    const material = pbkdf2Sync(key.passphrase, 'AdyenNexoV1Salt', 4000, 80, 'sha1');
    const keys = deriveNexoKeys(key.passphrase);
    expect(Buffer.concat([keys.hmacKey, keys.cipherKey, keys.iv])).toEqual(material);
    expect([keys.hmacKey.length, keys.cipherKey.length, keys.iv.length]).toEqual([32, 32, 16]);
  });

  it('round-trips a message, with a fresh nonce (and so a different blob) every time', () => {
    const first = encryptNexoMessage(message, header, key);
    const second = encryptNexoMessage(message, header, key);
    expect(first.SecurityTrailer).toMatchObject({
      AdyenCryptoVersion: 1,
      KeyIdentifier: 'KassaKey',
      KeyVersion: 1,
    });
    expect(Buffer.from(first.SecurityTrailer.Nonce, 'base64')).toHaveLength(16);
    expect(first.NexoBlob).not.toBe(second.NexoBlob);
    expect(JSON.stringify(first)).not.toContain('café');
    expect(decryptNexoMessage(first, key)).toEqual(message);
    expect(decryptNexoMessage(second, key)).toEqual(message);
  });

  it("interoperates with Adyen's own NexoCrypto in both directions", () => {
    const ours = encryptNexoMessage(message, header, key);
    expect(JSON.parse(new AdyenNexoCrypto().decrypt(ours as never, adyenKey as never))).toEqual(message);
    const theirs = AdyenNexoCrypto.encrypt(header as never, JSON.stringify(message), adyenKey as never);
    expect(decryptNexoMessage(theirs as unknown as SecuredMessage, key)).toEqual(message);
  });

  it('refuses a wrong passphrase, a tampered blob and another key with a clear error', () => {
    const secured = encryptNexoMessage(message, header, key);
    expect(() => decryptNexoMessage(secured, { ...key, passphrase: 'wrong' })).toThrow(NexoSecurityError);
    expect(() => decryptNexoMessage(secured, { ...key, passphrase: 'wrong' })).toThrow(
      /passphrase differs|altered/,
    );
    expect(() => decryptNexoMessage(tampered(secured), key)).toThrow(/HMAC does not match/);
    expect(() => decryptNexoMessage(secured, { ...key, keyVersion: 2 })).toThrow(
      /"KassaKey" version 1.*"KassaKey" version 2 is configured/,
    );
    expect(() =>
      decryptNexoMessage(
        { ...secured, SecurityTrailer: { ...secured.SecurityTrailer, AdyenCryptoVersion: 0 } },
        key,
      ),
    ).toThrow(/AdyenCryptoVersion 0/);
  });

  it('reads the key from the environment only when complete', () => {
    expect(nexoSecurityFromEnv({})).toBeUndefined();
    expect(
      nexoSecurityFromEnv({
        KASSA_NEXO_KEY_IDENTIFIER: 'K',
        KASSA_NEXO_KEY_VERSION: '3',
        KASSA_NEXO_KEY_PASSPHRASE: 'p',
      }),
    ).toEqual({ keyIdentifier: 'K', keyVersion: 3, passphrase: 'p' });
    expect(() => nexoSecurityFromEnv({ KASSA_NEXO_KEY_IDENTIFIER: 'K' })).toThrow(
      /KASSA_NEXO_KEY_VERSION and KASSA_NEXO_KEY_PASSPHRASE are not set/,
    );
    expect(() =>
      nexoSecurityFromEnv({
        KASSA_NEXO_KEY_IDENTIFIER: 'K',
        KASSA_NEXO_KEY_VERSION: 'one',
        KASSA_NEXO_KEY_PASSPHRASE: 'p',
      }),
    ).toThrow(/whole number/);
  });
});
