import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

// randomBytes per id costs a system call; bulk imports make 100,000s of ids,
// so random bytes are drawn in blocks and handed out 10 at a time.
const POOL_SIZE = 10 * 1024;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function randomTen(): Buffer {
  if (poolOffset + 10 > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const slice = pool.subarray(poolOffset, poolOffset + 10);
  poolOffset += 10;
  return slice;
}

/**
 * Generates a UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits.
 * Ids made in one process stay monotonic within a millisecond (a 12-bit counter
 * in rand_a), so they sort in creation order — useful for cursors and B-trees.
 */
export function uuidv7(nowMs: number = Date.now()): string {
  if (nowMs <= lastMs) {
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
    nowMs = lastMs;
  } else {
    lastMs = nowMs;
    counter = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  randomTen().copy(bytes, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
