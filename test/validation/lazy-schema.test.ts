/** A schema is built when first asked for, once. */
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { lazySchema } from '../../functions/validation/lazy-schema.ts';

describe('lazySchema', () => {
  it('builds on the first call, then hands out the same schema', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return z.object({ model: z.string() });
    });
    expect(builds).toBe(0);
    expect(schema().parse({ model: 'gpt' })).toEqual({ model: 'gpt' });
    expect(schema()).toBe(schema());
    expect(builds).toBe(1);
  });
});
