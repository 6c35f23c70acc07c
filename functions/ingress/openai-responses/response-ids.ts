/**
 * Ids in OpenAI's form, `<prefix>_<hex>`: the gateway names the responses it answers and their
 * items itself, since a translated answer has no Responses ids and a stored one is looked up by its.
 */
import { randomFillSync } from 'node:crypto';

export type IdPrefix = 'resp' | 'msg' | 'rs' | 'fc' | 'ctc' | 'call' | 'item';

/** 24 random bytes an id: 192 bits, as many hex digits as OpenAI's ids have after the prefix. */
const ID_BYTES = 24;

/**
 * Random bytes drawn for 128 ids at once and handed out once each, as Node does for randomUUID: a
 * call to the generator costs about 2.5 µs whatever its size, and a Responses request names two or
 * more things. The bytes are the same cryptographic randomness, just fetched ahead.
 */
const pool = Buffer.alloc(ID_BYTES * 128);
let next = pool.length;

export function newId(prefix: IdPrefix): string {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const hex = pool.toString('hex', next, next + ID_BYTES);
  next += ID_BYTES;
  return `${prefix}_${hex}`;
}
