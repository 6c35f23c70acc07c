/**
 * The probe: what the scheduled Lambda (functions/probe.ts) and `npm start`'s timer run. Created
 * once (a cold start): the targets are resolved and checked then, and the log says which are
 * probed, which are skipped and why, or that nothing is probed. Each run (a round) probes every
 * target that is due (its own interval, or every round) once, records the samples and each
 * target's last probe in one batch of health-table updates, and publishes `ProbeSamples` (Count)
 * by `target` and `outcome`, one EMF line a sample. `runFor` repeats rounds within a Lambda
 * invocation (run-probe-rounds.ts).
 */
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import { createModelResolver } from '../catalog/resolve-model.ts';
import { createChatService } from '../serve/chat-service.ts';
import type { GatewayConfig } from '../config/load-config.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { createMetrics, METRICS_SERVICES, MetricUnit, type MetricsPublisher } from '../observability/metrics.ts';
import { aggregateHealthSamples } from './aggregate-health-samples.ts';
import { dueProbeTargets } from './due-probe-targets.ts';
import { HEALTH_OUTCOMES, type HealthOutcome } from './health-sample.ts';
import { lastProbeUpdate } from './last-probe-item.ts';
import { PROBE_CONFIG_VARIABLE } from './probe-config.ts';
import { probeOnce } from './probe-once.ts';
import { DEFAULT_PROBE_EVERY_MS, PROBE_TARGETS_VARIABLE, type ProbeSettings } from './probe-settings.ts';
import { planProbeTargets, type ProbeTarget } from './probe-targets.ts';
import { healthUpdate, sendHealthUpdates } from './record-health-samples.ts';
import { runProbeRounds, type ProbeRoundsSummary, type ProbeRoundSummary } from './run-probe-rounds.ts';

export interface ProbeDeps {
  config: GatewayConfig;
  /** `everyMs` and per-target `targets` as readProbeSettings defaults them when absent. */
  settings: Pick<ProbeSettings, 'targetNames' | 'timeoutMs'> & Partial<Pick<ProbeSettings, 'everyMs' | 'targets'>>;
  logger: GatewayLogger;
  /** The health table's client and name. */
  client: DocumentClient;
  tableName: string;
  /** Where probe metrics go; by default EMF through Powertools, on in Lambda only. */
  metrics?: MetricsPublisher;
  /** The clock that decides which targets are due (and times runFor's rounds). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** One round: targets probed, and health items updated (one per target and minute, one last probe per target). */
export type ProbeRunSummary = ProbeRoundSummary;

export interface Probe {
  readonly targets: readonly ProbeTarget[];
  /** Probes every due target once and records the samples; throws only when recording fails. */
  run(signal?: AbortSignal): Promise<ProbeRunSummary>;
  /** Rounds every `everyMs` for `periodMs`, each ending before `deadline` (epoch ms). */
  runFor(options: { deadline: number; periodMs: number; signal?: AbortSignal }): Promise<ProbeRoundsSummary>;
}

/** What the log says when there is nothing to probe. */
export const NO_PROBE_TARGETS_MESSAGE = `probe: no targets, nothing is probed (set ${PROBE_TARGETS_VARIABLE} to model names; each probe costs a few tokens)`;

export function createProbe(deps: ProbeDeps): Probe {
  const { config, settings, logger } = deps;
  const resolver = createModelResolver(config.catalog);
  const now = deps.now ?? Date.now;
  const everyMs = settings.everyMs ?? DEFAULT_PROBE_EVERY_MS;
  const plan = planProbeTargets(settings.targetNames, config, resolver, settings.targets);
  for (const { name, reason } of plan.skipped) logger.warn(`probe: skipping '${name}': ${reason}`);
  for (const key of plan.unmatched) logger.warn(`probe: '${key}' in ${PROBE_CONFIG_VARIABLE} is not one of ${PROBE_TARGETS_VARIABLE}`);
  if (plan.targets.length > 0) {
    logger.info(`probe: ${plan.targets.length} target(s)`, {
      targets: plan.targets.map(({ target, everyMs }) => (everyMs ? `${target} every ${everyMs} ms` : target)),
      everyMs,
      timeoutMs: settings.timeoutMs,
    });
  } else {
    logger.info(NO_PROBE_TARGETS_MESSAGE);
  }

  // A probe waits no longer than its own deadline, whatever the gateway allows a request.
  const chats = createChatService({
    config: { ...config, upstreamTimeoutMs: Math.min(config.upstreamTimeoutMs, settings.timeoutMs) },
    resolver,
    logger,
  });

  const metrics = deps.metrics ?? createMetrics({ service: METRICS_SERVICES.probe, logger });
  /** When each target was last probed: kept across a warm function's invocations (a cold start probes all at once). */
  const lastProbed = new Map<string, number>();

  async function run(signal?: AbortSignal): Promise<ProbeRunSummary> {
    const startedAt = now();
    const due = dueProbeTargets(plan.targets, lastProbed, startedAt, everyMs);
    if (due.length === 0) return { targets: 0, samples: 0, outcomes: {}, items: 0 };
    for (const { target } of due) lastProbed.set(target, startedAt);
    const samples = await probeOnce(due, { chats, logger, timeoutMs: settings.timeoutMs, ...(signal ? { signal } : {}) });
    // Targets are the operator's list (SWITCHYARD_PROBE_TARGETS): the dimension stays bounded.
    for (const { target, outcome } of samples) {
      metrics.publish((emf) => {
        emf.addDimensions({ target, outcome });
        emf.addMetric('ProbeSamples', MetricUnit.Count, 1);
      });
    }
    // The minutes' counters and each target's last probe, in one batch of updates.
    const { items } = await sendHealthUpdates(
      [...aggregateHealthSamples(samples).map((aggregate) => healthUpdate(aggregate, deps.tableName)), ...samples.map((sample) => lastProbeUpdate(deps.tableName, sample))],
      { client: deps.client },
    );
    const outcomes: Partial<Record<HealthOutcome, number>> = {};
    for (const outcome of HEALTH_OUTCOMES) {
      const count = samples.filter((sample) => sample.outcome === outcome).length;
      if (count > 0) outcomes[outcome] = count;
    }
    const summary = { targets: due.length, samples: samples.length, outcomes, items };
    logger.info('probe: run recorded', { ...summary });
    return summary;
  }

  return {
    targets: plan.targets,
    run,
    async runFor({ deadline, periodMs, signal }) {
      // Nothing to probe: no waiting out the minute either (the invocation is billed by the ms).
      if (plan.targets.length === 0) return { rounds: 0, targets: 0, samples: 0, outcomes: {}, items: 0 };
      return runProbeRounds(run, {
        deadline,
        periodMs,
        everyMs,
        roundMs: settings.timeoutMs,
        logger,
        signal,
        now,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      });
    },
  };
}
