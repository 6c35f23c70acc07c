/**
 * How the functions still to come (worker, probe) get a table or the queue: one bind call adds the
 * variable named in resource-definitions.ts and the narrowest grant, and nothing else.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { QUEUES, TABLES } from '../../functions/infrastructure/resource-definitions.ts';
import { JobQueue } from '../../lib/constructs/job-queue.ts';
import { StateTables } from '../../lib/constructs/state-tables.ts';

const stack = new Stack(new App(), 'Binds');
const state = new StateTables(stack, 'State');
const jobs = new JobQueue(stack, 'Jobs', { definition: QUEUES.jobs });
const fn = new LambdaFunction(stack, 'Fn', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('export const handler = () => {}') });
state.bind(fn, 'health', 'read');
state.bind(fn, 'jobs', 'read-write');
jobs.bindSender(fn);
const template = Template.fromStack(stack);
const ref = (construct: { node: { defaultChild?: unknown } }) => ({ Ref: stack.getLogicalId(construct.node.defaultChild as never) });
const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
  (policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string[]; Resource: unknown }>,
);

describe('binds', () => {
  it('pass each bound table and the queue through the variables resource-definitions.ts names', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          [TABLES.health.envVar]: ref(state.tables.health),
          [TABLES.jobs.envVar]: ref(state.tables.jobs),
          [QUEUES.jobs.envVar]: ref(jobs.queue),
        },
      },
    });
  });

  it('grant reads on a read bind, writes on a read-write bind, sends on the queue, and nothing on unbound tables', () => {
    const arn = (construct: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [stack.getLogicalId(construct.node.defaultChild as never), 'Arn'] });
    const actionsOn = (resource: unknown) =>
      statements.filter((statement) => JSON.stringify(statement.Resource).includes(JSON.stringify(resource))).flatMap((statement) => statement.Action);
    expect(actionsOn(arn(state.tables.health))).toContain('dynamodb:GetItem');
    expect(actionsOn(arn(state.tables.health))).not.toContain('dynamodb:PutItem');
    expect(actionsOn(arn(state.tables.jobs))).toContain('dynamodb:PutItem');
    expect(actionsOn(arn(state.tables.pricing))).toEqual([]);
    expect(actionsOn(arn(jobs.queue))).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    expect(actionsOn(arn(jobs.queue))).not.toContain('sqs:ReceiveMessage');
  });

  it('give a consumer both queue URLs', () => {
    expect(Object.keys(jobs.environment())).toEqual([QUEUES.jobs.envVar, QUEUES.jobs.deadLetterQueue.envVar]);
  });
});
