/**
 * Monotonic ULIDs: 48-bit ms time + 80 random bits in Crockford base32. Ids sort
 * by creation time, which the security-event cursor (`before=<id>`) relies on;
 * within one millisecond the random part is incremented so order still holds.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

export function newId(): string {
  const now = Date.now();
  if (now <= lastTime && lastRandom.length) {
    // increment the 16-digit base32 random part
    for (let i = lastRandom.length - 1; i >= 0; i--) {
      if (lastRandom[i]! < 31) {
        lastRandom[i]!++;
        break;
      }
      lastRandom[i] = 0;
    }
  } else {
    lastTime = now;
    const bytes = randomBytes(16);
    lastRandom = Array.from(bytes, (b) => b % 32);
    lastRandom[0] = lastRandom[0]! % 16; // headroom so increments never overflow in practice
  }
  return encodeTime(lastTime) + lastRandom.map((d) => ALPHABET[d]).join('');
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function isoIn(seconds: number, from = Date.now()): string {
  return new Date(from + seconds * 1000).toISOString();
}
