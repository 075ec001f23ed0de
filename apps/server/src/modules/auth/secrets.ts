import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// argon2id (the library's default algorithm) with OWASP's minimum cost:
// 19 MiB, 2 passes, 1 lane — about 20–50 ms per hash on a shop PC.
const COST = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hashes a password or PIN with the server pepper. */
export async function hashSecret(secret: string, pepper: Buffer): Promise<string> {
  return hash(secret, { ...COST, secret: pepper });
}

/** Verifies a password or PIN; a malformed stored hash counts as a mismatch. */
export async function verifySecret(stored: string, secret: string, pepper: Buffer): Promise<boolean> {
  try {
    return await verify(stored, secret, { secret: pepper });
  } catch {
    return false;
  }
}

const dummies = new WeakMap<Buffer, Promise<string>>();

/**
 * Spends the same work as a real verification, for unknown or locked
 * accounts: the answer's timing must not tell whether an account exists.
 */
export async function verifyDummy(secret: string, pepper: Buffer): Promise<false> {
  let dummy = dummies.get(pepper);
  if (!dummy) {
    dummy = hashSecret(randomBytes(16).toString('hex'), pepper);
    dummies.set(pepper, dummy);
  }
  await verifySecret(await dummy, secret, pepper);
  return false;
}
