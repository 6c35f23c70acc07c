/**
 * How a function gets a table or the queue: one bind call adds the variable named in
 * resource-definitions.ts and exactly the grant asked for, and nothing else.
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
state.bind(fn, { table: 'health', items: [{ actions: ['dynamodb:UpdateItem'] }] });
state.bind(fn, { table: 'jobs', items: [{ actions: ['dynamodb:GetItem'], partitions: ['job#*'] }], queryIndexes: ['byOwner'] });
jobs.bindSender(fn);
const template = Template.fromStack(stack);
const ref = (construct: { node: { defaultChild?: unknown } }) => ({ Ref: stack.getLogicalId(construct.node.defaultChild as never) });
const arn = (construct: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [stack.getLogicalId(construct.node.defaultChild as never), 'Arn'] });
const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement as unknown[]);

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

  it('grant exactly the actions asked for: on the table, in the partitions named, Query on the indexes named; SendMessage on the queue; nothing on unbound tables', () => {
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:UpdateItem', Resource: arn(state.tables.health) },
      { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: arn(state.tables.jobs), Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['job#*'] } } },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [arn(state.tables.jobs), '/index/byOwner']] } },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn(jobs.queue) },
    ]);
  });

  it('refuse an index the table does not have', () => {
    expect(() => state.bind(fn, { table: 'health', queryIndexes: ['byOwner'] })).toThrow("The health table has no index 'byOwner'.");
  });
});
