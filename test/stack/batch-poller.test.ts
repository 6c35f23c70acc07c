/**
 * The batch poller in the synthesized stack: its function, the every-minute schedule that invokes
 * it without retries, and a role that may use the jobs table's partitions it reads and writes (and
 * its callbacksDue and awaitingWorker indexes), the pricing table, the jobs queue, the results
 * bucket and the secret, and nothing else.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, TABLES } from '../../functions/infrastructure/resource-definitions.ts';
import { SwitchyardStack } from '../../lib/switchyard-stack.ts';
import { cdkContext } from './cdk-context.ts';

const context = cdkContext({ bundle: false, validate: false });

const stack = new SwitchyardStack(new App({ context }), 'Switchyard', { env: { account: '123456789012', region: 'eu-west-1' } });
const template = Template.fromStack(stack);
const id = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);
const pollerId = id(stack.poller.function);
const pollerArn = { 'Fn::GetAtt': [pollerId, 'Arn'] };

describe('the batch poller', () => {
  it('runs poller.ts on Node.js 24 arm64 with its timeout and memory, and finds the jobs and pricing tables, the queue and the bucket', () => {
    const fn = template.findResources('AWS::Lambda::Function')[pollerId]!;
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: FUNCTIONS.poller.timeoutSeconds, MemorySize: FUNCTIONS.poller.memoryMb });
    expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(
      expect.arrayContaining([TABLES.jobs.envVar, TABLES.pricing.envVar, 'JOBS_QUEUE_URL', 'RESULTS_BUCKET_NAME', 'SWITCHYARD_SECRET_ARN']),
    );
  });

  it('is invoked every minute by an EventBridge rule, without retries (the next minute does the same work)', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: pollerArn, RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } })],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: pollerId }, MaximumRetryAttempts: 0 });
  });

  it('may use exactly: its log group, the secret, the jobs table by partition and its callbacksDue and awaitingWorker indexes, the pricing table, sending to the queue, the results bucket', () => {
    const role = { Ref: stack.getLogicalId(stack.poller.function.role!.node.defaultChild as never) };
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([role]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    const arn = (construct: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [id(construct), 'Arn'] });
    const jobs = arn(stack.state.tables.jobs);
    const partitions = (...keys: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keys } });
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arn(stack.poller.node.findChild('Poller').node.findChild('Logs') as never) },
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: id(stack.secret.secret) } },
      // Job records by key; the batch queues and in-flight batches; turnaround samples, put only.
      // Never an idempotency binding, another partition's items, or the byOwner index.
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: jobs, Condition: partitions('job#*') },
      { Effect: 'Allow', Action: ['dynamodb:DeleteItem', 'dynamodb:Query'], Resource: jobs, Condition: partitions('batchq', 'batchq#*', 'batchrun') },
      { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: jobs, Condition: partitions('batchrun', 'turnaround#*') },
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: [{ 'Fn::Join': ['', [jobs, '/index/awaitingWorker']] }, { 'Fn::Join': ['', [jobs, '/index/callbacksDue']] }],
      },
      { Effect: 'Allow', Action: 'dynamodb:Scan', Resource: arn(stack.state.tables.pricing) },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn(stack.jobs.queue) },
      // A batch answer too large for a record goes in; a callback of one comes out.
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: { 'Fn::Join': ['', [arn(stack.results.bucket), '/results/*']] } },
    ]);
  });
});
