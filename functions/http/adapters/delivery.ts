/**
 * When a response has been handed over: an adapter makes one per request, lends `whenDelivered`
 * to the gateway in the request (HttpRequest.whenDelivered), and calls `delivered()` once it has
 * ended the response (or given up on it: the client gone). Work registered before then waits for
 * it; work registered after runs at once. It lets a stream's log line come after the client's last
 * byte rather than before it: until the response is ended, its bytes wait in the socket's buffer.
 */
export interface Delivery {
  whenDelivered(work: () => void): void;
  delivered(): void;
}

export function createDelivery(): Delivery {
  let waiting: Array<() => void> | undefined = [];
  return {
    whenDelivered(work) {
      if (waiting) waiting.push(work);
      else work();
    },
    delivered() {
      const due = waiting ?? [];
      waiting = undefined;
      // Each piece of work runs though one before it threw; the first failure is then rethrown.
      let failure: { error: unknown } | undefined;
      for (const work of due) {
        try {
          work();
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure) throw failure.error;
    },
  };
}
