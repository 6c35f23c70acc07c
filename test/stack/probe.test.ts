/**
 * The probe in the synthesized stack: its function, the every-minute schedule that invokes it
 * without retries, and a role that may write the health table, read the secret and write its own
 * logs, and nothing else. (cdk-nag runs over the whole stack in switchyard-stack.test.ts.)
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, TABLES } from '../../functions/infrastructure/resource-definitions.ts';
import { HealthProbe } from '../../lib/constructs/health-probe.ts';
import { StateTables } from '../../lib/constructs/state-tables.ts';
import { TABLE_ACCESS } from '../../lib/constructs/table-access.ts';
import { SwitchyardStack } from '../../lib/switchyard-stack.ts';
import { cdkContext } from './cdk-context.ts';

const context = cdkContext({ bundle: false, validate: false });

const stack = new SwitchyardStack(new App({ context }), 'Switchyard', {
  env: { account: '123456789012', region: 'eu-west-1' },
  probeTargets: 'gpt-4o-mini,anthropic/claude-haiku-4-5',
});
const template = Template.fromStack(stack);
const logicalId = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);
const probeId = logicalId(stack.probe.function);
const probeArn = { 'Fn::GetAtt': [probeId, 'Arn'] };
const probe = template.findResources('AWS::Lambda::Function')[probeId]!;

describe('the probe function', () => {
  it('runs the probe entry on Node.js 24 arm64 with FUNCTIONS.probe\'s timeout and memory, its targets, table and secret', () => {
    expect(probe.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: FUNCTIONS.probe.timeoutSeconds,
      MemorySize: FUNCTIONS.probe.memoryMb,
      Environment: {
        Variables: {
          NODE_ENV: 'production',
          SWITCHYARD_PROBE_TARGETS: 'gpt-4o-mini,anthropic/claude-haiku-4-5',
          [TABLES.health.envVar]: { Ref: logicalId(stack.state.tables.health) },
          SWITCHYARD_SECRET_ARN: { Ref: logicalId(stack.secret.secret) },
        },
      },
    });
    expect(Object.keys(probe.Properties.Environment.Variables)).not.toContain(TABLES.jobs.envVar);
    expect(Object.keys(probe.Properties.Environment.Variables)).not.toContain('SWITCHYARD_PROBE_CONFIG');
  });

  it('outlives its minute of rounds: the last (at 50 s) may take the 20 s probe timeout and leave the 5 s margin', () => {
    expect(FUNCTIONS.probe.timeoutSeconds).toBeGreaterThanOrEqual(50 + 20 + 5);
  });

  it('passes the round interval and the per-target config when given', () => {
    const given = new Stack(new App({ context }), 'ProbeConfig');
    const { function: fn } = new HealthProbe(given, 'Probe', {
      logRetention: RetentionDays.ONE_WEEK,
      targets: 'gpt-4o-mini',
      everyMs: 15_000,
      config: '{"gpt-4o-mini":{"prompt":"Say OK"}}',
    });
    const resource = Template.fromStack(given).findResources('AWS::Lambda::Function')[given.getLogicalId(fn.node.defaultChild as never)]!;
    expect(resource.Properties.Environment.Variables).toMatchObject({ SWITCHYARD_PROBE_EVERY_MS: '15000', SWITCHYARD_PROBE_CONFIG: '{"gpt-4o-mini":{"prompt":"Say OK"}}' });
  });

  it("takes the interval and the per-target config from the stack's properties (the app's context)", () => {
    const configured = new SwitchyardStack(new App({ context }), 'Configured', {
      env: { account: '123456789012', region: 'eu-west-1' },
      probeTargets: 'gpt-4o-mini',
      probeEveryMs: 30_000,
      probeConfig: '{"gpt-4o-mini":"off"}',
    });
    const id = configured.getLogicalId(configured.probe.function.node.defaultChild as never);
    const resource = Template.fromStack(configured).findResources('AWS::Lambda::Function')[id]!;
    expect(resource.Properties.Environment.Variables).toMatchObject({ SWITCHYARD_PROBE_EVERY_MS: '30000', SWITCHYARD_PROBE_CONFIG: '{"gpt-4o-mini":"off"}' });
  });

  it('is invoked every minute by an EventBridge rule, without retries (the next minute probes again)', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: probeArn, RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } })],
    });
    const ruleId = logicalId(stack.probe.schedule);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: probeArn,
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: probeId }, MaximumRetryAttempts: 0 });
  });

  it('may write the health table, read the secret and write its own log group, and nothing else', () => {
    const role = { Ref: logicalId(stack.probe.function.role as never) };
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([role]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>);
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [probe.Properties.LoggingConfig.LogGroup.Ref, 'Arn'] } },
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: logicalId(stack.secret.secret) } },
      { Effect: 'Allow', Action: 'dynamodb:UpdateItem', Resource: { 'Fn::GetAtt': [logicalId(stack.state.tables.health), 'Arn'] } },
    ]);
  });

  it('has its errors and throttles alarmed like the gateway\'s', () => {
    for (const metric of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: probeId } }],
        Threshold: 0,
      });
    }
  });

  it('probes nothing unless targets are given', () => {
    const bare = new SwitchyardStack(new App({ context }), 'Bare', { env: { account: '123456789012', region: 'eu-west-1' } });
    const fn = Template.fromStack(bare).findResources('AWS::Lambda::Function')[bare.getLogicalId(bare.probe.function.node.defaultChild as never)]!;
    expect(fn.Properties.Environment.Variables.SWITCHYARD_PROBE_TARGETS).toBe('');
  });
});

describe("the probe's table access", () => {
  it('grants UpdateItem on the health table only: no reads, no deletes, no other table', () => {
    const bindStack = new Stack(new App({ context }), 'WriteBind');
    const state = new StateTables(bindStack, 'State');
    const fn = new LambdaFunction(bindStack, 'Fn', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('export const handler = () => {}') });
    state.bind(fn, TABLE_ACCESS.healthProbe);
    const statements = Object.values(Template.fromStack(bindStack).findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>,
    );
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:UpdateItem', Resource: { 'Fn::GetAtt': [bindStack.getLogicalId(state.tables.health.node.defaultChild as never), 'Arn'] } },
    ]);
  });
});
