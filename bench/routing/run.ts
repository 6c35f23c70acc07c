/**
 * `npm run bench:routing`: the same hour of simulated traffic (request-mix.ts) in the same world
 * (world.ts: latencies, errors, rate limits, a price promotion, a target that fails for 20 s and
 * heals, a provider outage) through each strategy (strategies.ts), on a virtual clock. Prints the
 * comparison, the engine's recovery from the flap and the goals, and writes bench/results/routing.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadExactTokenCounter } from '../../functions/routing/exact-token-counter.ts';
import { createEnvironment } from './environment.ts';
import { measure, type StrategyMetrics } from './metrics.ts';
import { measureRecovery, type RecoveryMetrics } from './recovery-metrics.ts';
import { clockTime, diagnostics, goalsOf, recoveryLines, table } from './report.ts';
import { REQUEST_MIX, requestSpecs } from './request-mix.ts';
import { runStrategy } from './run-strategy.ts';
import { PREMIUM_MODEL, STRATEGY_NAMES, type StrategyName } from './strategies.ts';
import { EVENTS, RUN, TARGETS } from './world.ts';

// The engine of a running gateway counts prompts exactly (npm start loads the counter at start,
// a Lambda after its first response): the simulation is of that steady state, not a cold start.
if (!(await loadExactTokenCounter())) throw new Error('the exact token counter could not be loaded');
const started = performance.now();
const env = createEnvironment();
const specs = requestSpecs();
const results: Array<[StrategyName, StrategyMetrics]> = [];
let recovery: RecoveryMetrics | undefined;
for (const name of STRATEGY_NAMES) {
  const t0 = performance.now();
  const run = await runStrategy(name, specs, env, { flapEligibility: name === 'engine' });
  results.push([name, measure(run.outcomes)]);
  if (name === 'engine') recovery = measureRecovery(run);
  console.error(`${name}: simulated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const premium = results.find(([name]) => name === 'always-premium')![1];
for (const [, metrics] of results) metrics.costVsPremium = metrics.costUsd / premium.costUsd - 1;

const engine = results.find(([name]) => name === 'engine')![1];
const goals = goalsOf(engine, recovery!);

console.log(`\n## Routing simulation: ${RUN.requests} requests over ${RUN.durationMs / 60_000} min; ${EVENTS.outage.provider} down from minute ${EVENTS.outage.from / 60_000} to ${EVENTS.outage.until / 60_000} (hanging for the first ${EVENTS.outage.hangMs / 60_000}); ${EVENTS.flap.target} failing with 500s from ${clockTime(EVENTS.flap.from)} to ${clockTime(EVENTS.flap.until)}; ${EVENTS.promotion.target} at ${EVENTS.promotion.factor}x from minute ${EVENTS.promotion.from / 60_000}; premium = ${PREMIUM_MODEL}\n`);
console.log(table(results));
console.log(`\n### Recovery from the flap (engine)\n`);
for (const line of recoveryLines(recovery!)) console.log(line);
console.log('\n### Goals (engine)\n');
for (const goal of goals) console.log(`- ${goal.pass ? 'PASS' : 'FAIL'} ${goal.name}: ${goal.actual} (goal ${goal.target})`);
console.log('\n### Diagnostics\n');
for (const [name, metrics] of results) console.log(diagnostics(name, metrics));

mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../results/routing.json', import.meta.url),
  `${JSON.stringify({ run: RUN, events: EVENTS, mix: REQUEST_MIX, targets: TARGETS, premium: PREMIUM_MODEL, results: Object.fromEntries(results), recovery, goals }, (_, value) => (value === Infinity ? 'Infinity' : value), 2)}\n`,
);
console.error(`done in ${((performance.now() - started) / 1000).toFixed(1)} s; wrote bench/results/routing.json`);
