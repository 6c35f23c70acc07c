/**
 * Alarms and one dashboard. Each function and queue is added with one call, so the worker and the
 * probe join the same view when they exist. Alarms have no actions here: subscribe a topic
 * (`alarm.addAlarmAction(new SnsAction(topic))`) where the team's on-call lives. The functions'
 * own metrics (EMF, functions/observability/) are graphed with search expressions over the
 * dimension sets they publish, so a new provider, model or outcome shows up without a deploy.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICES } from '../../functions/observability/metrics.ts';

const PERIOD = Duration.minutes(5);

/** Longer than a live worker's lease (the consumer waits that out before failing a held job). */
export const DEAD_LETTER_ALARM_AGE_SECONDS = 900;

export class Observability extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, { dashboardName }: { dashboardName?: string } = {}) {
    super(scope, id);
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName, defaultInterval: Duration.hours(3) });
  }

  /** Errors and throttles alarm at the first one; the dashboard shows traffic, errors and latency. */
  monitorFunction(label: string, fn: IFunction, { functionUrl = false }: { functionUrl?: boolean } = {}): void {
    this.alarms.push(
      this.alarmAtFirst(`${label}Errors`, fn.metricErrors({ period: PERIOD }), `${label}: the function failed (an uncaught error or timeout)`),
      this.alarmAtFirst(`${label}Throttles`, fn.metricThrottles({ period: PERIOD }), `${label}: invocations were throttled (concurrency limit reached)`),
    );
    const widgets = [
      new GraphWidget({
        title: `${label}: invocations, errors, throttles`,
        left: [fn.metricInvocations({ period: PERIOD }), fn.metricErrors({ period: PERIOD }), fn.metricThrottles({ period: PERIOD })],
        width: 8,
      }),
      new GraphWidget({
        title: `${label}: duration`,
        left: [fn.metricDuration({ period: PERIOD, statistic: 'p50' }), fn.metricDuration({ period: PERIOD, statistic: 'p99' })],
        width: 8,
      }),
    ];
    if (functionUrl) {
      const url = (metricName: string, statistic = 'Sum'): IMetric =>
        new Metric({ namespace: 'AWS/Lambda', metricName, dimensionsMap: { FunctionName: fn.functionName }, period: PERIOD, statistic });
      widgets.push(
        new GraphWidget({
          title: `${label}: Function URL responses`,
          left: [url('UrlRequestCount'), url('Url4xxCount'), url('Url5xxCount')],
          width: 8,
        }),
      );
    }
    this.dashboard.addWidgets(...widgets);
  }

  /**
   * The gateway's requests by status class, its latency percentiles, latency, tokens and upstream
   * errors by provider; the worker's jobs and the probe's samples by outcome.
   */
  monitorApplicationMetrics(): void {
    const gateway = METRICS_SERVICES.gateway;
    const latency = (statistic: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'Latency',
        dimensionsMap: { service: gateway, statusClass: '2xx' },
        period: PERIOD,
        statistic,
        label: statistic,
      });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Gateway: requests by status class',
        left: [search(['service', 'statusClass'], 'Requests', 'Sum', gateway)],
        width: 8,
      }),
      new GraphWidget({
        title: 'Gateway: latency of 2xx answers, ms (streams: to the end)',
        left: [latency('p50'), latency('p95'), latency('p99')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Gateway: p95 latency by provider, ms',
        left: [search(['service', 'provider'], 'Latency', 'p95', gateway)],
        width: 8,
      }),
      new GraphWidget({
        title: 'Gateway: tokens by provider',
        left: [search(['service', 'provider'], 'InputTokens', 'Sum', gateway)],
        right: [search(['service', 'provider'], 'OutputTokens', 'Sum', gateway)],
        leftYAxis: { label: 'input', showUnits: false },
        rightYAxis: { label: 'output', showUnits: false },
        width: 8,
      }),
      new GraphWidget({
        title: 'Gateway: requests by provider',
        left: [search(['service', 'provider'], 'Requests', 'Sum', gateway)],
        width: 8,
      }),
      new GraphWidget({
        title: 'Gateway: upstream errors by provider and code',
        left: [search(['service', 'provider', 'errorCode'], 'UpstreamErrors', 'Sum', gateway)],
        width: 8,
      }),
      new GraphWidget({
        title: 'Worker: jobs by outcome',
        left: [search(['service', 'outcome'], 'Jobs', 'Sum', METRICS_SERVICES.worker)],
        right: [search(['service', 'outcome'], 'JobLatency', 'p95', METRICS_SERVICES.worker)],
        rightYAxis: { label: 'p95 ms', showUnits: false },
        width: 12,
      }),
      new GraphWidget({
        title: 'Probe: samples by target and outcome',
        left: [search(['service', 'target', 'outcome'], 'ProbeSamples', 'Sum', METRICS_SERVICES.probe)],
        width: 12,
      }),
    );
  }

  /**
   * The dead-letter queue's consumer fails each dead job within seconds (its reason is on the job),
   * so a message still there after DEAD_LETTER_ALARM_AGE_SECONDS is one it could not handle: that
   * alarms. (A consumer that keeps failing also raises its own Errors alarm.)
   */
  monitorQueue(label: string, queue: IQueue, deadLetterQueue: IQueue): void {
    this.alarms.push(
      new Alarm(this, `${label}DeadLettersUnhandled`, {
        metric: deadLetterQueue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
        threshold: DEAD_LETTER_ALARM_AGE_SECONDS,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${label}: a message has waited on the dead-letter queue for over ${DEAD_LETTER_ALARM_AGE_SECONDS / 60} minutes (the consumer could not mark its job failed)`,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${label}: queue depth`,
        left: [
          queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: 'visible' }),
          queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum', label: 'oldest (s)' }),
        ],
        right: [deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: 'dead letters' })],
        width: 12,
      }),
    );
  }

  /** The alarm status widget, added last so it lists every alarm. */
  addAlarmSummary(): void {
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
  }

  private alarmAtFirst(id: string, metric: IMetric, description: string): Alarm {
    return new Alarm(this, id, {
      metric,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
  }
}

/** Every series of one metric under exactly these dimensions, for one service. */
function search(dimensions: string[], metricName: string, statistic: string, service: string): MathExpression {
  const schema = [METRICS_NAMESPACE, ...dimensions].join(',');
  return new MathExpression({
    expression: `SEARCH('{${schema}} service="${service}" MetricName="${metricName}"', '${statistic}', ${PERIOD.toSeconds()})`,
    usingMetrics: {},
    period: PERIOD,
    // No label of its own: each series keeps CloudWatch's, its dimension values.
    label: '',
  });
}
