/**
 * The worker in the synthesized stack: the function of FUNCTIONS.worker, fed by the jobs queue
 * with partial batch responses, and allowed exactly what its code calls: its own log group, the
 * jobs table's partitions it reads and writes, the health and pricing tables, the jobs queue, the
 * results bucket and the secret, nothing more.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, TABLES } from '../../functions/infrastructure/resource-definitions.ts';
import { WORKER_BATCH_SIZE, WORKER_BATCHING_WINDOW_SECONDS, WORKER_MAX_CONCURRENCY } from '../../lib/constructs/job-worker.ts';
import { SwitchyardStack } from '../../lib/switchyard-stack.ts';
import { cdkContext } from './cdk-context.ts';

const context = cdkContext({ bundle: false, validate: false });

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const stack = new SwitchyardStack(new App({ context }), 'Switchyard', { env: { account: '123456789012', region: 'eu-west-1' } });
const template = Template.fromStack(stack);
const id = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);
const worker = stack.worker.function;
const workerId = id(worker);
const roleId = id(worker.role as never);

const workerStatements = (): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);

describe('the worker', () => {
  it('runs Node.js 24 on arm64 with the timeout and memory of FUNCTIONS.worker, fails closed, and finds the jobs table and the secret', () => {
    const fn = template.findResources('AWS::Lambda::Function')[workerId];
    expect(fn?.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: FUNCTIONS.worker.timeoutSeconds,
      MemorySize: FUNCTIONS.worker.memoryMb,
      Environment: {
        Variables: {
          NODE_ENV: 'production',
          [TABLES.jobs.envVar]: { Ref: id(stack.state.tables.jobs) },
          [TABLES.health.envVar]: { Ref: id(stack.state.tables.health) },
          [TABLES.pricing.envVar]: { Ref: id(stack.state.tables.pricing) },
          SWITCHYARD_SECRET_ARN: { Ref: id(stack.secret.secret) },
        },
      },
    });
  });

  it('is fed by the jobs queue, reporting partial batch failures', () => {
    // Two mappings: this one, and the dead-letter queue's consumer's (dead-letters.test.ts).
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: workerId },
      EventSourceArn: { 'Fn::GetAtt': [id(stack.jobs.queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: WORKER_BATCH_SIZE,
      MaximumBatchingWindowInSeconds: WORKER_BATCHING_WINDOW_SECONDS,
      ScalingConfig: { MaximumConcurrency: WORKER_MAX_CONCURRENCY },
    });
  });

  it('may use exactly: its log group, the jobs queue (consume, send), the secret, the jobs table by partition, the health and pricing tables, the results bucket\'s results/', () => {
    const arn = (construct: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [id(construct), 'Arn'] });
    const jobs = arn(stack.state.tables.jobs);
    const partitions = (...keys: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keys } });
    expect(workerStatements()).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arn(stack.worker.node.findChild('Worker').node.findChild('Logs') as never) },
      // What Lambda's poller calls with the role (no ChangeMessageVisibility, no GetQueueUrl); SendMessage
      // for a job waiting for a cheaper price window, sent back with a delay.
      { Effect: 'Allow', Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:SendMessage'], Resource: arn(stack.jobs.queue) },
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: id(stack.secret.secret) } },
      // Job records by key; a job's entry in its target's batch queue and the target's in the list of
      // waiting targets; turnaround samples: put, and read back by Query. Never an idempotency binding,
      // an in-flight batch, another partition's items, or an index.
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: jobs, Condition: partitions('job#*') },
      { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: jobs, Condition: partitions('batchq', 'batchq#*', 'turnaround#*') },
      { Effect: 'Allow', Action: 'dynamodb:DeleteItem', Resource: jobs, Condition: partitions('batchq#*') },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: jobs, Condition: partitions('turnaround#*') },
      { Effect: 'Allow', Action: ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], Resource: arn(stack.state.tables.health) },
      { Effect: 'Allow', Action: 'dynamodb:Scan', Resource: arn(stack.state.tables.pricing) },
      // Results too large for a record: written, never read or listed, under results/ only.
      { Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [arn(stack.results.bucket), '/results/*']] } },
    ]);
    const role = template.findResources('AWS::IAM::Role')[roleId];
    expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('has its queue rights before its mapping is created: the function waits for the role\'s policy, the mapping for the function', () => {
    const policyId = id(worker.role!.node.findChild('DefaultPolicy') as never);
    expect(template.findResources('AWS::Lambda::Function')[workerId]?.DependsOn).toContain(policyId);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: workerId } });
  });

  it('has its own error and throttle alarms', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: workerId } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Throttles',
      Dimensions: Match.arrayWith([{ Name: 'FunctionName', Value: { Ref: workerId } }]),
    });
  });
});
