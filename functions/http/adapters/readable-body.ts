import { Readable } from 'node:stream';

/**
 * A Readable over a streamed response body that reports its destruction at once. `Readable.from`
 * only finishes destroying after the iterator's `return()`, which waits behind a pending read, so
 * a client that leaves while the provider is silent would go unnoticed until the provider spoke.
 */
export function readableBody(body: AsyncIterable<string>, onDestroy: () => void): Readable {
  const iterator = body[Symbol.asyncIterator]();
  return new Readable({
    async read() {
      try {
        const { done, value } = await iterator.next();
        this.push(done ? null : value);
      } catch (error) {
        this.destroy(error as Error);
      }
    },
    destroy(error, callback) {
      onDestroy();
      // Lets the body's own `finally` run (closing the upstream exchange) once its read settles.
      iterator.return?.().catch(() => {});
      callback(error);
    },
  });
}
