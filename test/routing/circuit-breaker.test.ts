import { describe, expect, it } from 'vitest';
import { createCircuitBreakers, DEFAULT_BREAKER_SETTINGS, type BreakerSignals, type BreakerView, type CircuitBreakerOptions } from '../../functions/routing/circuit-breaker.ts';

const T = 'openai/gpt-4o-mini';
const START = 1_700_000_000_000;

/** Breakers on a hand-driven clock, with every opening recorded. */
function setup(options: Omit<CircuitBreakerOptions, 'now' | 'onOpen'> = {}, start = START) {
  let clock = start;
  const opened: { target: string; view: BreakerView }[] = [];
  const breakers = createCircuitBreakers({ ...options, now: () => clock, onOpen: (target, view) => opened.push({ target, view }) });
  return {
    breakers,
    opened,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
    /** A call that gets through and ends with `ok`. */
    call(ok: boolean, target = T) {
      expect(breakers.tryAcquire(target)).toBe(true);
      breakers.record(target, ok);
    },
  };
}

const signals = (fields: Partial<BreakerSignals>): BreakerSignals => ({ requests: 0, errorRate: 0, latencySamples: 0, ...fields });

/** Opens the breaker by consecutive failures. */
function trip(harness: ReturnType<typeof setup>, target = T) {
  for (let i = 0; i < DEFAULT_BREAKER_SETTINGS.consecutiveFailures; i += 1) harness.call(false, target);
  expect(harness.breakers.view(target).state).toBe('open');
}

describe('createCircuitBreakers', () => {
  it('starts closed and lets every call through', () => {
    const { breakers } = setup();
    expect(breakers.view(T)).toEqual({ state: 'closed' });
    expect(breakers.tryAcquire(T)).toBe(true);
    expect(breakers.tryAcquire(T)).toBe(true);
  });

  it('opens after the set number of consecutive failures, for the cooldown, and reports it', () => {
    const harness = setup();
    for (let i = 0; i < 4; i += 1) harness.call(false);
    expect(harness.breakers.view(T).state).toBe('closed');
    harness.call(false);
    expect(harness.breakers.view(T)).toEqual({ state: 'open', until: START + 30_000, reason: '5 consecutive failures', openedAt: START });
    expect(harness.breakers.tryAcquire(T)).toBe(false);
    expect(harness.opened).toEqual([{ target: T, view: harness.breakers.view(T) }]);
  });

  it('resets the count on a success, and ignores an outcome that is not counted', () => {
    const harness = setup();
    for (let i = 0; i < 4; i += 1) harness.call(false);
    harness.call(true);
    for (let i = 0; i < 4; i += 1) harness.call(false);
    expect(harness.breakers.tryAcquire(T)).toBe(true);
    harness.breakers.record(T, undefined);
    expect(harness.breakers.view(T).state).toBe('closed');
    harness.call(false);
    expect(harness.breakers.view(T).state).toBe('open');
  });

  it('keeps each target apart', () => {
    const harness = setup();
    trip(harness);
    expect(harness.breakers.view('anthropic/claude-haiku-4-5').state).toBe('closed');
    expect(harness.breakers.tryAcquire('anthropic/claude-haiku-4-5')).toBe(true);
  });

  it('honours its settings', () => {
    const harness = setup({ settings: { consecutiveFailures: 2, cooldownMs: 1_000 } });
    harness.call(false);
    harness.call(false);
    expect(harness.breakers.view(T)).toMatchObject({ state: 'open', until: START + 1_000 });
  });

  it('opens on the window error rate, only with enough calls', () => {
    const harness = setup();
    harness.breakers.assess(T, signals({ requests: 9, errorRate: 1 }));
    harness.breakers.assess(T, signals({ requests: 10, errorRate: 0.49 }));
    expect(harness.breakers.view(T).state).toBe('closed');
    harness.breakers.assess(T, signals({ requests: 10, errorRate: 0.5 }));
    expect(harness.breakers.view(T)).toMatchObject({ state: 'open', reason: 'error rate 50% over 10 calls', until: START + 30_000 });
    expect(harness.opened).toHaveLength(1);
  });

  it('opens on a p95 spike over the target’s own baseline, only with enough samples', () => {
    const harness = setup();
    harness.breakers.assess(T, signals({ recentP95Ms: 9_000, baselineP95Ms: 2_000, latencySamples: 9 }));
    harness.breakers.assess(T, signals({ recentP95Ms: 8_000, baselineP95Ms: 2_000, latencySamples: 50 }));
    harness.breakers.assess(T, signals({ recentP95Ms: 9_000, latencySamples: 50 }));
    expect(harness.breakers.view(T).state).toBe('closed');
    harness.breakers.assess(T, signals({ recentP95Ms: 8_001, baselineP95Ms: 2_000, latencySamples: 10 }));
    expect(harness.breakers.view(T)).toMatchObject({ state: 'open', reason: 'p95 8001 ms, 4x over its baseline 2000 ms' });
  });

  it('turns half-open after the cooldown and lets one trial through at a time, spaced', () => {
    const harness = setup();
    trip(harness);
    harness.advance(29_999);
    expect(harness.breakers.tryAcquire(T)).toBe(false);
    harness.advance(1);
    expect(harness.breakers.view(T).state).toBe('half_open');
    expect(harness.breakers.tryAcquire(T)).toBe(true);
    expect(harness.breakers.tryAcquire(T)).toBe(false);
    harness.breakers.record(T, true);
    expect(harness.breakers.view(T).state).toBe('half_open');
    // The first trial succeeded, but the next waits for the spacing.
    expect(harness.breakers.tryAcquire(T)).toBe(false);
    harness.advance(DEFAULT_BREAKER_SETTINGS.trialSpacingMs);
    expect(harness.breakers.tryAcquire(T)).toBe(true);
    harness.breakers.record(T, true);
    expect(harness.breakers.view(T)).toEqual({ state: 'closed' });
    expect(harness.breakers.tryAcquire(T)).toBe(true);
  });

  it('lets the first trial through at once on a clock that starts at zero', () => {
    const harness = setup({ settings: { cooldownMs: 1_000 } }, 0);
    trip(harness);
    harness.advance(1_000);
    expect(harness.breakers.tryAcquire(T)).toBe(true);
  });

  it('frees the trial slot when a trial ends uncounted, without counting it', () => {
    const harness = setup();
    trip(harness);
    harness.advance(30_000);
    expect(harness.breakers.tryAcquire(T)).toBe(true);
    harness.breakers.record(T, undefined);
    expect(harness.breakers.view(T).state).toBe('half_open');
    harness.advance(2_000);
    harness.call(true);
    harness.advance(2_000);
    expect(harness.breakers.view(T).state).toBe('half_open');
    harness.call(true);
    expect(harness.breakers.view(T).state).toBe('closed');
  });

  it('ignores an outcome in half-open that no trial was granted for', () => {
    const harness = setup();
    trip(harness);
    harness.advance(30_000);
    harness.breakers.record(T, false);
    expect(harness.breakers.view(T).state).toBe('half_open');
  });

  it('reopens on a failed trial with the cooldown doubled, up to the cap, and back to the base once closed', () => {
    const harness = setup();
    trip(harness);
    const cooldowns: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const { until = 0 } = harness.breakers.view(T);
      harness.advance(until - harness.now());
      harness.call(false);
      const view = harness.breakers.view(T);
      expect(view.state).toBe('open');
      cooldowns.push((view.until ?? 0) - harness.now());
    }
    expect(cooldowns).toEqual([60_000, 120_000, 240_000, 300_000, 300_000]);
    expect(harness.breakers.view(T).reason).toMatch(/^trial failed after: /);
    expect(harness.opened).toHaveLength(6);

    harness.advance(300_000);
    harness.call(true);
    harness.advance(2_000);
    harness.call(true);
    expect(harness.breakers.view(T).state).toBe('closed');
    trip(harness);
    expect((harness.breakers.view(T).until ?? 0) - harness.now()).toBe(30_000);
  });

  it('gives a closed breaker a grace period before the window, still holding the old failures, can reopen it', () => {
    const harness = setup();
    trip(harness);
    harness.advance(30_000);
    harness.call(true);
    harness.advance(2_000);
    harness.call(true);
    const bad = signals({ requests: 50, errorRate: 0.8 });
    harness.breakers.assess(T, bad);
    harness.advance(DEFAULT_BREAKER_SETTINGS.windowGraceMs - 1);
    harness.breakers.assess(T, bad);
    expect(harness.breakers.view(T).state).toBe('closed');
    // Consecutive failures still count during the grace period.
    for (let i = 0; i < 5; i += 1) harness.call(false);
    expect(harness.breakers.view(T).state).toBe('open');
  });

  it('reopens from the window once the grace period is over', () => {
    const harness = setup();
    trip(harness);
    harness.advance(30_000);
    harness.call(true);
    harness.advance(2_000);
    harness.call(true);
    harness.advance(DEFAULT_BREAKER_SETTINGS.windowGraceMs);
    harness.breakers.assess(T, signals({ requests: 50, errorRate: 0.8 }));
    expect(harness.breakers.view(T).state).toBe('open');
  });

  it('does not assess a breaker that is not closed', () => {
    const harness = setup();
    trip(harness);
    const before = harness.breakers.view(T);
    harness.advance(1_000);
    harness.breakers.assess(T, signals({ requests: 50, errorRate: 1 }));
    expect(harness.breakers.view(T)).toEqual(before);
    expect(harness.opened).toHaveLength(1);
  });

  it('adopts an open state another instance shared, until its end, without reporting it again', () => {
    const harness = setup();
    harness.breakers.adopt(T, { state: 'open', until: START + 10_000, openedAt: START - 1_000, reason: 'error rate 80% over 40 calls' });
    expect(harness.breakers.view(T)).toEqual({ state: 'open', until: START + 10_000, openedAt: START - 1_000, reason: 'error rate 80% over 40 calls' });
    expect(harness.breakers.tryAcquire(T)).toBe(false);
    expect(harness.opened).toEqual([]);
    harness.advance(10_000);
    expect(harness.breakers.view(T).state).toBe('half_open');
    // The same shared state, read again after its end, changes nothing.
    harness.breakers.adopt(T, { state: 'open', until: START + 10_000, openedAt: START - 1_000 });
    expect(harness.breakers.view(T).state).toBe('half_open');
  });

  it('ignores a shared state that is closed, expired, or older than its own opening', () => {
    const harness = setup();
    harness.breakers.adopt(T, { state: 'closed' });
    harness.breakers.adopt(T, { state: 'open', until: START, openedAt: START - 30_000 });
    harness.breakers.adopt(T, { state: 'half_open', until: START + 5_000, openedAt: START });
    expect(harness.breakers.view(T).state).toBe('closed');

    trip(harness);
    harness.breakers.adopt(T, { state: 'open', until: START + 90_000, openedAt: START - 1 });
    expect(harness.breakers.view(T).until).toBe(START + 30_000);
    harness.breakers.adopt(T, { state: 'open', until: START + 90_000, openedAt: START + 1, reason: 'p95 spike' });
    expect(harness.breakers.view(T)).toMatchObject({ until: START + 90_000, reason: 'p95 spike' });
  });

  it('drops a trial in flight when it adopts a newer open state', () => {
    const harness = setup();
    trip(harness);
    harness.advance(30_000);
    expect(harness.breakers.tryAcquire(T)).toBe(true);
    harness.breakers.adopt(T, { state: 'open', until: harness.now() + 5_000, openedAt: harness.now() });
    harness.breakers.record(T, true);
    expect(harness.breakers.view(T).state).toBe('open');
    harness.advance(5_000);
    expect(harness.breakers.tryAcquire(T)).toBe(true);
  });
});

describe('breakers of targets outside the catalog', () => {
  const freeForm = { isCatalog: (target: string) => target === T, max: 3, idleMs: 600_000 };
  /** What planning does for a target: assess it on the matrix's signals (none here), then read it. */
  const plan = (harness: ReturnType<typeof setup>, target: string) => {
    harness.breakers.assess(target, signals({}));
    harness.breakers.view(target);
    harness.breakers.trialAvailable(target);
  };

  it('keeps the open breaker of a failing target however many names are planned, read or served, and every catalog one', () => {
    const harness = setup({ freeForm });
    trip(harness);
    trip(harness, 'openai/failing-fine-tune');
    for (let index = 0; index < 300; index += 1) {
      plan(harness, `openai/invented-${index}`);
      harness.call(true, `openai/invented-${index}`);
    }
    expect(harness.breakers.view('openai/failing-fine-tune').state).toBe('open');
    expect(harness.breakers.view(T).state).toBe('open');
  });

  it('makes room with closed breakers first, then half-open ones, and never with one open before its until', () => {
    const harness = setup({ freeForm });
    trip(harness, 'openai/open');
    trip(harness, 'openai/half-open');
    harness.advance(DEFAULT_BREAKER_SETTINGS.cooldownMs - 1);
    trip(harness, 'openai/open-later');
    harness.advance(1);
    expect(harness.breakers.view('openai/half-open').state).toBe('half_open');
    expect(harness.breakers.view('openai/open').state).toBe('half_open');
    expect(harness.breakers.view('openai/open-later').state).toBe('open');

    // A failure of a new name, remembered for a while, takes the room of a half-open breaker when no closed one is kept, the least recent first.
    harness.call(false, 'openai/new-1');
    expect(harness.breakers.view('openai/open').state).toBe('closed');
    expect(harness.breakers.view('openai/half-open').state).toBe('half_open');
    // Room for a new closed one is made with the older closed one.
    for (let failures = 1; failures < DEFAULT_BREAKER_SETTINGS.consecutiveFailures; failures += 1) harness.call(false, 'openai/new-2');
    harness.call(false, 'openai/new-1');
    // new-1's failures were forgotten with its breaker: four more do not open it, a fifth does.
    for (let failures = 1; failures < DEFAULT_BREAKER_SETTINGS.consecutiveFailures - 1; failures += 1) harness.call(false, 'openai/new-1');
    expect(harness.breakers.view('openai/new-1').state).toBe('closed');
    expect(harness.breakers.view('openai/open-later').state).toBe('open');
  });

  it('does not keep a new target when every kept breaker is open, and keeps them open until their until', () => {
    const harness = setup({ freeForm });
    for (const target of ['openai/a', 'openai/b', 'openai/c']) trip(harness, target);
    for (let failures = 0; failures < DEFAULT_BREAKER_SETTINGS.consecutiveFailures; failures += 1) harness.call(false, 'openai/d');
    expect(harness.breakers.view('openai/d')).toEqual({ state: 'closed' });
    for (const target of ['openai/a', 'openai/b', 'openai/c']) expect(harness.breakers.view(target).state).toBe('open');
    harness.advance(DEFAULT_BREAKER_SETTINGS.cooldownMs);
    // Half-open now: room is made for a new one.
    trip(harness, 'openai/d');
    expect(harness.breakers.view('openai/a')).toEqual({ state: 'closed' });
  });

  it('keeps one in use, and forgets one left untouched for idleMs', () => {
    const harness = setup({ freeForm });
    trip(harness, 'openai/invented-busy');
    trip(harness, 'openai/invented-idle');
    harness.advance(599_999);
    expect(harness.breakers.view('openai/invented-busy').state).toBe('half_open');
    harness.call(true, 'openai/invented-busy');
    harness.advance(1);
    expect(harness.breakers.view('openai/invented-busy').state).toBe('half_open');
    expect(harness.breakers.view('openai/invented-idle')).toEqual({ state: 'closed' });
  });
});

describe('recovery evidence', () => {
  it('counts the trials and then every call from the moment the breaker turns half-open, for recoveryMemoryMs', () => {
    const harness = setup();
    expect(harness.breakers.recovery(T)).toBeUndefined();
    trip(harness);
    expect(harness.breakers.recovery(T)).toBeUndefined();
    harness.advance(DEFAULT_BREAKER_SETTINGS.cooldownMs);
    const since = harness.now();
    expect(harness.breakers.recovery(T)).toEqual({ since, calls: 0, failures: 0 });
    harness.call(true);
    harness.advance(DEFAULT_BREAKER_SETTINGS.trialSpacingMs);
    harness.call(true);
    expect(harness.breakers.view(T).state).toBe('closed');
    harness.call(false);
    harness.call(true);
    expect(harness.breakers.recovery(T)).toEqual({ since, calls: 4, failures: 1 });
    harness.advance(DEFAULT_BREAKER_SETTINGS.recoveryMemoryMs - DEFAULT_BREAKER_SETTINGS.trialSpacingMs - 1);
    expect(harness.breakers.recovery(T)).toBeDefined();
    harness.advance(1);
    expect(harness.breakers.recovery(T)).toBeUndefined();
  });

  it('starts over when a trial fails, and does not count an outcome no trial was granted for', () => {
    const harness = setup();
    trip(harness);
    harness.advance(DEFAULT_BREAKER_SETTINGS.cooldownMs);
    harness.call(false);
    expect(harness.breakers.view(T).state).toBe('open');
    expect(harness.breakers.recovery(T)).toBeUndefined();
    harness.advance(2 * DEFAULT_BREAKER_SETTINGS.cooldownMs);
    harness.breakers.record(T, true);
    expect(harness.breakers.recovery(T)).toEqual({ since: harness.now(), calls: 0, failures: 0 });
  });

  it('drops the evidence when it adopts an open state another instance shared', () => {
    const harness = setup();
    trip(harness);
    harness.advance(DEFAULT_BREAKER_SETTINGS.cooldownMs);
    harness.call(true);
    harness.breakers.adopt(T, { state: 'open', until: harness.now() + 5_000, openedAt: harness.now() });
    expect(harness.breakers.recovery(T)).toBeUndefined();
  });
});
