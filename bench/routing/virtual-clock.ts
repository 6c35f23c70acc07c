/**
 * Virtual time: a queue of timed callbacks run in order, the clock jumping to each. Requests run as
 * ordinary async code (the real executeRoute awaits the injected `sleep` and the simulated
 * attempts), so overlapping requests interleave as they would in one gateway instance, but an
 * hour of traffic runs in seconds and nothing depends on the machine's speed.
 */

export interface VirtualClock {
  now(): number;
  /** Calls `run` at virtual time `at` (never before now). */
  at(at: number, run: () => void): void;
  sleep(ms: number): Promise<void>;
  /** Runs every event, letting the promise continuations each one wakes run before the next. */
  drain(): Promise<void>;
}

interface Timer {
  at: number;
  seq: number;
  run: () => void;
}

export function createVirtualClock(start: number): VirtualClock {
  let current = start;
  let seq = 0;
  const heap: Timer[] = [];

  const before = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
  const push = (timer: Timer) => {
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  };
  const pop = (): Timer | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
        index = smallest;
      }
    }
    return top;
  };

  return {
    now: () => current,
    at(at, run) {
      push({ at: Math.max(at, current), seq: seq++, run });
    },
    sleep(ms) {
      return new Promise((resolve) => push({ at: current + Math.max(0, ms), seq: seq++, run: resolve }));
    },
    async drain() {
      for (let timer = pop(); timer; timer = pop()) {
        current = timer.at;
        timer.run();
        // setImmediate runs after every pending microtask: the woken request runs to its next await.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
  };
}
