import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  pbkdf2Sync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { MessageHeader } from './nexo-messages.ts';

/**
 * The nexo encryption envelope of the Adyen Terminal API on the local network
 * (Adyen's "SecurityTrailer", the scheme of NexoCrypto and
 * NexoDerivedKeyGenerator in @adyen/api-library):
 *
 * - key material = PBKDF2-HMAC-SHA1(passphrase, "AdyenNexoV1Salt", 4000 iterations), 80 bytes:
 *   HMAC key (32) ‖ cipher key (32) ‖ IV (16);
 * - the whole message JSON ({"SaleToPOIRequest": …}) is encrypted with AES-256-CBC (PKCS#7 padding)
 *   under the cipher key, with the derived IV XORed with a random 16-byte nonce per message;
 * - HMAC-SHA256 over the plaintext, with the HMAC key;
 * - on the wire: { SaleToPOIRequest|SaleToPOIResponse: { MessageHeader, NexoBlob (base64),
 *   SecurityTrailer: { AdyenCryptoVersion: 1, KeyIdentifier, KeyVersion, Nonce, Hmac } } }.
 *
 * The header stays readable (the terminal routes on it); everything else, card facts included, is in the blob.
 */

/** The shared key as configured on the terminal (Customer Area → terminal settings → encryption key). */
export interface NexoSecurityKey {
  keyIdentifier: string;
  keyVersion: number;
  passphrase: string;
}

export interface SecurityTrailer {
  AdyenCryptoVersion: number;
  KeyIdentifier: string;
  KeyVersion: number;
  Nonce: string;
  Hmac: string;
}

export interface SecuredMessage {
  MessageHeader: MessageHeader;
  NexoBlob: string;
  SecurityTrailer: SecurityTrailer;
}

/** Why a secured message was not accepted; the message says what to check. */
export class NexoSecurityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NexoSecurityError';
  }
}

const ADYEN_CRYPTO_VERSION = 1;
const SALT = Buffer.from('AdyenNexoV1Salt', 'latin1');
const ITERATIONS = 4000;
const HMAC_KEY_LENGTH = 32;
const CIPHER_KEY_LENGTH = 32;
const IV_LENGTH = 16;

interface DerivedKeys {
  hmacKey: Buffer;
  cipherKey: Buffer;
  iv: Buffer;
}

// PBKDF2 with 4000 rounds costs milliseconds: derive once per passphrase, not per message.
const derived = new Map<string, DerivedKeys>();

/** The HMAC key, cipher key and IV for a passphrase (Adyen's key derivation). */
export function deriveNexoKeys(passphrase: string): DerivedKeys {
  let keys = derived.get(passphrase);
  if (!keys) {
    const material = pbkdf2Sync(
      Buffer.from(passphrase, 'latin1'),
      SALT,
      ITERATIONS,
      HMAC_KEY_LENGTH + CIPHER_KEY_LENGTH + IV_LENGTH,
      'sha1',
    );
    keys = {
      hmacKey: material.subarray(0, HMAC_KEY_LENGTH),
      cipherKey: material.subarray(HMAC_KEY_LENGTH, HMAC_KEY_LENGTH + CIPHER_KEY_LENGTH),
      iv: material.subarray(HMAC_KEY_LENGTH + CIPHER_KEY_LENGTH),
    };
    derived.set(passphrase, keys);
  }
  return keys;
}

const ivFor = (keys: DerivedKeys, nonce: Buffer) => Buffer.from(keys.iv.map((byte, i) => byte ^ nonce[i]!));
const hmacOf = (keys: DerivedKeys, plaintext: Buffer) =>
  createHmac('sha256', keys.hmacKey).update(plaintext).digest();

/** Wraps a whole Terminal API message ({"SaleToPOIRequest": …} or {"SaleToPOIResponse": …}) in the envelope. */
export function encryptNexoMessage(
  message: object,
  header: MessageHeader,
  key: NexoSecurityKey,
): SecuredMessage {
  const keys = deriveNexoKeys(key.passphrase);
  const plaintext = Buffer.from(JSON.stringify(message), 'utf8');
  const nonce = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-cbc', keys.cipherKey, ivFor(keys, nonce));
  const blob = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    MessageHeader: header,
    NexoBlob: blob.toString('base64'),
    SecurityTrailer: {
      AdyenCryptoVersion: ADYEN_CRYPTO_VERSION,
      KeyIdentifier: key.keyIdentifier,
      KeyVersion: key.keyVersion,
      Nonce: nonce.toString('base64'),
      Hmac: hmacOf(keys, plaintext).toString('base64'),
    },
  };
}

/** Whether a message body is an envelope (and not a plain Terminal API message). */
export function isSecuredMessage(body: unknown): body is SecuredMessage {
  const b = body as Partial<SecuredMessage> | null;
  return (
    typeof b?.NexoBlob === 'string' && typeof b.SecurityTrailer === 'object' && b.SecurityTrailer !== null
  );
}

/** Opens an envelope: checks the key named, decrypts, and checks the HMAC; throws NexoSecurityError saying what is wrong. */
export function decryptNexoMessage(secured: SecuredMessage, key: NexoSecurityKey): unknown {
  const trailer = secured.SecurityTrailer;
  if (trailer.AdyenCryptoVersion !== ADYEN_CRYPTO_VERSION)
    throw new NexoSecurityError(
      `unsupported AdyenCryptoVersion ${String(trailer.AdyenCryptoVersion)} (Kassa speaks version 1)`,
    );
  if (trailer.KeyIdentifier !== key.keyIdentifier || Number(trailer.KeyVersion) !== key.keyVersion) {
    throw new NexoSecurityError(
      `the message is encrypted with key "${String(trailer.KeyIdentifier)}" version ${String(trailer.KeyVersion)}, but "${key.keyIdentifier}" version ${key.keyVersion} is configured: use the same key on both sides`,
    );
  }
  const nonce = Buffer.from(String(trailer.Nonce), 'base64');
  if (nonce.length !== IV_LENGTH)
    throw new NexoSecurityError(`the SecurityTrailer nonce must be ${IV_LENGTH} bytes, not ${nonce.length}`);
  const keys = deriveNexoKeys(key.passphrase);
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', keys.cipherKey, ivFor(keys, nonce));
    plaintext = Buffer.concat([decipher.update(Buffer.from(secured.NexoBlob, 'base64')), decipher.final()]);
  } catch {
    throw new NexoSecurityError(
      "the NexoBlob does not decrypt: the passphrase differs from the terminal's, or the message was altered",
    );
  }
  const expected = hmacOf(keys, plaintext);
  const received = Buffer.from(String(trailer.Hmac), 'base64');
  // The HMAC, not the padding, is what proves the message is genuine: compared in constant time.
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    throw new NexoSecurityError(
      "the HMAC does not match: the passphrase differs from the terminal's, or the message was altered",
    );
  }
  try {
    return JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw new NexoSecurityError('the decrypted NexoBlob is not JSON');
  }
}
