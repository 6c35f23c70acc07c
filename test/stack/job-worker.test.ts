/**
 * The worker in the synthesized stack: the function of FUNCTIONS.worker, fed by the jobs queue
 * with partial batch responses, and allowed its own log group, the jobs table's items, the jobs
 * queue and the secret, nothing more.
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

  it('may touch only its log group, the jobs, health and pricing tables\' items (no index), the jobs queue, the secret and the results bucket\'s results/', () => {
    const statements = workerStatements();
    const allowed = [
      JSON.stringify({ 'Fn::GetAtt': [id(stack.worker.node.findChild('Worker').node.findChild('Logs') as never), 'Arn'] }),
      JSON.stringify({ 'Fn::GetAtt': [id(stack.state.tables.jobs), 'Arn'] }),
      JSON.stringify({ 'Fn::GetAtt': [id(stack.jobs.queue), 'Arn'] }),
      JSON.stringify({ Ref: id(stack.secret.secret) }),
      JSON.stringify({ 'Fn::GetAtt': [id(stack.state.tables.health), 'Arn'] }),
      JSON.stringify({ 'Fn::GetAtt': [id(stack.state.tables.pricing), 'Arn'] }),
      JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [id(stack.results.bucket), 'Arn'] }, '/results/*']] }),
    ];
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(allowed).toContain(JSON.stringify(statement.Resource));
    }
    const actionsOn = (resource: string) =>
      statements.filter((statement) => JSON.stringify(statement.Resource) === resource).flatMap((statement) => [statement.Action].flat());
    const onJobs = statements.filter((statement) => JSON.stringify(statement.Resource) === allowed[1]);
    expect(onJobs.filter((statement) => !statement.Condition).flatMap((statement) => [statement.Action].flat()).sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    // Query only on the turnaround samples' partitions: never another key's jobs.
    expect(onJobs.filter((statement) => statement.Condition)).toEqual([
      expect.objectContaining({ Action: 'dynamodb:Query', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['turnaround#*'] } } }),
    ]);
    expect(actionsOn(allowed[2]!)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    // It sends a job waiting for a cheaper price window back, with a delay.
    expect(actionsOn(allowed[2]!)).toContain('sqs:SendMessage');
    expect(actionsOn(allowed[3]!)).toEqual(['secretsmanager:GetSecretValue']);
    expect(actionsOn(allowed[4]!).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(actionsOn(allowed[5]!)).toEqual(['dynamodb:Scan']);
    // Results too large for a record: written, never read or listed, under results/ only.
    expect(actionsOn(allowed[6]!)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(statements)).not.toMatch(/"\*"|:\*"|\/index\//);
    const role = template.findResources('AWS::IAM::Role')[roleId];
    expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
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
