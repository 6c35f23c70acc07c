/**
 * The batch poller in the synthesized stack: its function, the every-minute schedule that invokes
 * it without retries, and a role that may use the jobs table (and its callbacksDue index), the
 * pricing table, the jobs queue, the results bucket and the secret, and nothing else.
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

  it('may use exactly the jobs table and its callbacksDue and awaitingWorker indexes, the pricing table, the queue, the bucket and the secret', () => {
    const role = { Ref: stack.getLogicalId(stack.poller.function.role!.node.defaultChild as never) };
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([role]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    const jobsTable = { 'Fn::GetAtt': [id(stack.state.tables.jobs), 'Arn'] };
    const onJobs = statements.find((statement) => JSON.stringify(statement.Resource).includes(id(stack.state.tables.jobs)))!;
    expect([onJobs.Action].flat().sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(onJobs.Resource).toHaveLength(3);
    expect(onJobs.Resource).toEqual(expect.arrayContaining([jobsTable, { 'Fn::Join': ['', [jobsTable, '/index/callbacksDue']] }, { 'Fn::Join': ['', [jobsTable, '/index/awaitingWorker']] }]));
    const onPricing = statements.find((statement) => JSON.stringify(statement.Resource).includes(id(stack.state.tables.pricing)))!;
    expect(onPricing.Action).toBe('dynamodb:Scan');
    expect(statements.some((statement) => [statement.Action].flat().includes('sqs:SendMessage'))).toBe(true);
    expect(JSON.stringify(statements)).not.toMatch(/"\*"|index\/\*|byOwner/);
  });
});
