/**
 * Ids in OpenAI's form, `<prefix>_<hex>`: the gateway names the responses it answers and their
 * items itself, since a translated answer has no Responses ids and a stored one is looked up by its.
 */
import { randomBytes } from 'node:crypto';

export type IdPrefix = 'resp' | 'msg' | 'rs' | 'fc' | 'ctc' | 'call' | 'item';

export const newId = (prefix: IdPrefix): string => `${prefix}_${randomBytes(24).toString('hex')}`;
