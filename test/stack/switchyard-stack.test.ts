/**
 * The stack as synthesized: one app, two stacks (the Function URL's two auth types), bundled once
 * with local esbuild, checked with aws-cdk-lib/assertions and cdk-nag's AwsSolutions pack.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import cdkNag from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, QUEUES, TABLES } from '../../functions/infrastructure/resource-definitions.ts';
import { METRICS_NAMESPACE, METRICS_SERVICES } from '../../functions/observability/metrics.ts';
import { DEAD_LETTER_ALARM_AGE_SECONDS } from '../../lib/constructs/observability.ts';
import { SwitchyardStack } from '../../lib/switchyard-stack.ts';
import { cdkContext } from './cdk-context.ts';

const { AwsSolutionsChecks } = cdkNag;

type Resource = { Type: string; Properties: Record<string, any> };

/** The same feature flags `cdk synth` uses, bundling and validating as it does. */
const app = new App({ context: cdkContext() });
const env = { account: '123456789012', region: 'eu-west-1' };
const stack = new SwitchyardStack(app, 'Switchyard', { env });
const iamStack = new SwitchyardStack(app, 'SwitchyardIam', { env, functionUrlAuthType: FunctionUrlAuthType.AWS_IAM });
const template = Template.fromStack(stack);
const iamTemplate = Template.fromStack(iamStack);

const logicalId = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);
const resources = (type: string): Resource[] => Object.values(template.findResources(type)) as Resource[];

describe('the gateway function', () => {
  it('runs Node.js 24 on arm64 with the timeout and memory of FUNCTIONS.gateway, an ESM bundle whose source map is not loaded unless asked for', () => {
    // FUNCTIONS, plus the pricing seed and the custom-resource framework's function that runs it.
    template.resourceCountIs('AWS::Lambda::Function', Object.keys(FUNCTIONS).length + 2);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: FUNCTIONS.gateway.timeoutSeconds,
      MemorySize: FUNCTIONS.gateway.memoryMb,
      Environment: { Variables: Match.objectLike({ NODE_ENV: 'production' }) },
    });
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect((fn.Properties as { Environment?: { Variables?: Record<string, unknown> } }).Environment?.Variables?.NODE_OPTIONS).toBeUndefined();
    }
  });

  it('sits behind a streaming Function URL, open to the gateway\'s own bearer keys by default', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { InvokeMode: 'RESPONSE_STREAM', AuthType: 'NONE' });
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' });
  });

  it('takes AWS_IAM as the URL auth type, and then grants no public invoke', () => {
    iamTemplate.hasResourceProperties('AWS::Lambda::Url', { InvokeMode: 'RESPONSE_STREAM', AuthType: 'AWS_IAM' });
    expect(iamTemplate.findResources('AWS::Lambda::Permission', { Properties: { Action: 'lambda:InvokeFunctionUrl' } })).toEqual({});
  });

  it('reserves no concurrency unless gatewayReservedConcurrency is given (gateway-concurrency.test.ts)', () => {
    for (const fn of resources('AWS::Lambda::Function')) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('keeps its logs in its own log group for a month', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    const logGroup = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: logGroup } } });
  });
});

describe('the secret', () => {
  const secretRef = { Ref: logicalId(stack.secret.secret) };

  it('is one secret with a generated gateway key, whose ARN the gateway reads from SWITCHYARD_SECRET_ARN', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { SecretStringTemplate: '{}', GenerateStringKey: 'SWITCHYARD_API_KEYS', ExcludePunctuation: true },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ SWITCHYARD_SECRET_ARN: secretRef }) } });
  });

  it('is all the gateway may use: GetSecretValue on that ARN, its log group, the health and pricing tables, the jobs API\'s items and byOwner index, sending to the jobs queue, stored responses by id; no wildcard, no managed policy', () => {
    const gatewayRole = { Ref: logicalId(stack.gateway.function.role as never) };
    const statements = resources('AWS::IAM::Policy')
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([gatewayRole]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>);
    const logGroup = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    const tableArn = (key: keyof typeof TABLES) => ({ 'Fn::GetAtt': [logicalId(stack.state.tables[key]), 'Arn'] });
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] } },
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretRef },
      { Effect: 'Allow', Action: ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], Resource: tableArn('health') },
      { Effect: 'Allow', Action: 'dynamodb:Scan', Resource: tableArn('pricing') },
      // Job records and idempotency bindings by key, and no other item of the jobs table.
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: tableArn('jobs'),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['job#*', 'idempotency#*'] } },
      },
      // An owner's jobs (GET /v1/jobs): Query on the byOwner index only, never on the table.
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [tableArn('jobs'), '/index/byOwner']] } },
      // Stored responses by id: what the store calls, no Query, Scan or UpdateItem; their large bodies under responses/ only.
      { Effect: 'Allow', Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], Resource: tableArn('responses') },
      // SendMessage authorizes SendMessageBatch too; the URL is in the environment.
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalId(stack.jobs.queue), 'Arn'] } },
      // Results too large for a record, for GET /v1/jobs/{id}: read only, under results/ only.
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack.results.bucket), 'Arn'] }, '/results/*']] },
      },
      // The stored responses' large bodies under responses/ only.
      {
        Effect: 'Allow',
        Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack.results.bucket), 'Arn'] }, '/responses/*']] },
      },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JOBS_TABLE_NAME: { Ref: logicalId(stack.state.tables.jobs) },
          JOBS_QUEUE_URL: { Ref: logicalId(stack.jobs.queue) },
          RESPONSES_TABLE_NAME: { Ref: logicalId(stack.state.tables.responses) },
        }),
      },
    });
    expect(JSON.stringify(statements)).not.toMatch(/"\*"|:\*"/);
    for (const role of resources('AWS::IAM::Role')) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
    }
  });

  it('leaves the gateway no unconditioned item right on the jobs table, no DeleteItem but of stored responses, no Query of the table, no other index, no queue reads', () => {
    const gatewayRole = { Ref: logicalId(stack.gateway.function.role as never) };
    const statements = resources('AWS::IAM::Policy')
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([gatewayRole]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }>);
    const jobsTable = JSON.stringify({ 'Fn::GetAtt': [logicalId(stack.state.tables.jobs), 'Arn'] });
    const onJobsTable = statements.filter((statement) => JSON.stringify(statement.Resource) === jobsTable);
    expect(onJobsTable.every((statement) => statement.Condition !== undefined)).toBe(true);
    expect(onJobsTable.flatMap((statement) => [statement.Action].flat())).not.toContain('dynamodb:Query');
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    const responsesTable = JSON.stringify({ 'Fn::GetAtt': [logicalId(stack.state.tables.responses), 'Arn'] });
    expect(statements.filter((statement) => [statement.Action].flat().includes('dynamodb:DeleteItem')).map((statement) => JSON.stringify(statement.Resource))).toEqual([responsesTable]);
    expect(actions.filter((action) => action.startsWith('sqs:'))).toEqual(['sqs:SendMessage']);
    expect(JSON.stringify(statements)).not.toMatch(/index\/(callbacksDue|awaitingWorker)/);
  });
});

describe('the tables', () => {
  it('are the tables of TABLES: keys, TTL, on-demand, point-in-time recovery, AWS-managed encryption, retained', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', Object.keys(TABLES).length);
    for (const [key, definition] of Object.entries(TABLES)) {
      const id = logicalId(stack.state.tables[key as keyof typeof TABLES]);
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          KeySchema: [
            { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true },
          TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true },
        }),
      });
      expect(template.findResources('AWS::DynamoDB::Table')[id]).toBeDefined();
    }
  });

  it('gives the responses table to the gateway alone: no other function has its name or any right on it', () => {
    const table = logicalId(stack.state.tables.responses);
    const gatewayRole = JSON.stringify([{ Ref: logicalId(stack.gateway.function.role as never) }]);
    const others = resources('AWS::IAM::Policy').filter((policy) => JSON.stringify(policy.Properties.Roles) !== gatewayRole);
    expect(others.length).toBeGreaterThan(0);
    for (const policy of others) expect(JSON.stringify(policy.Properties.PolicyDocument)).not.toContain(table);
    const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
    const holders = functions.filter(([, fn]) => (fn as Resource).Properties.Environment?.Variables?.[TABLES.responses.envVar] !== undefined).map(([id]) => id);
    expect(holders).toEqual([logicalId(stack.gateway.function)]);
  });

  it('has the jobs table\'s byOwner, callbacksDue and awaitingWorker indexes', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: TABLES.jobs.globalSecondaryIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
    expect(TABLES.jobs.globalSecondaryIndexes.map((index) => index.name)).toEqual(['byOwner', 'callbacksDue', 'awaitingWorker']);
  });
});

describe('the jobs queue', () => {
  it('redrives to its dead-letter queue after maxReceiveCount, with the visibility timeout of QUEUES.jobs', () => {
    const dlq = logicalId(stack.jobs.deadLetterQueue);
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: QUEUES.jobs.visibilityTimeoutSeconds,
      MessageRetentionPeriod: QUEUES.jobs.retentionSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: QUEUES.jobs.maxReceiveCount },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: QUEUES.jobs.deadLetterQueue.retentionSeconds, SqsManagedSseEnabled: true });
  });

  it('refuses requests without TLS on both queues', () => {
    const policies = resources('AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('observability', () => {
  it('alarms at the first function error and throttle, and at a dead letter the consumer left on the queue', () => {
    const alarms = resources('AWS::CloudWatch::Alarm').map((alarm) => alarm.Properties);
    expect([...new Set(alarms.map((alarm) => `${alarm.Namespace}/${alarm.MetricName}`))].sort()).toEqual([
      'AWS/Lambda/Errors',
      'AWS/Lambda/Throttles',
      'AWS/SQS/ApproximateAgeOfOldestMessage',
    ]);
    for (const alarm of alarms) {
      const threshold = alarm.MetricName === 'ApproximateAgeOfOldestMessage' ? DEAD_LETTER_ALARM_AGE_SECONDS : 0;
      expect(alarm).toMatchObject({ Threshold: threshold, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.jobs.deadLetterQueue), 'QueueName'] } }],
    });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it("gives every function the metrics namespace and its own service name", () => {
    // The custom-resource framework's own function is CDK's, not ours: it publishes no metrics.
    const framework = logicalId(stack.pricingSeed.provider.node.findChild('framework-onEvent') as never);
    const ours = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => id !== framework).map(([, resource]) => resource as Resource);
    const services = ours.map(({ Properties }) => {
      expect(Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
      return Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string;
    });
    expect(services.sort()).toEqual([...Object.values(METRICS_SERVICES), 'pricing-seed'].sort());
  });

  it("graphs the functions' own metrics: requests, latency percentiles, tokens by provider, jobs, probe samples", () => {
    const [dashboard] = resources('AWS::CloudWatch::Dashboard');
    // The body is a Fn::Join of JSON text and references: the references become placeholders.
    const parts = dashboard!.Properties.DashboardBody['Fn::Join'][1] as unknown[];
    const body = JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'ref')).join('')) as {
      widgets: Array<{ properties: { metrics?: unknown[][] } }>;
    };
    const series = body.widgets.flatMap((widget) => widget.properties.metrics ?? []);
    const expressions = series.flatMap((line) => {
      const options = line.at(-1) as { expression?: string };
      return options.expression ? [options.expression] : [];
    });
    for (const metricName of ['Requests', 'InputTokens', 'OutputTokens', 'UpstreamErrors', 'Jobs', 'ProbeSamples']) {
      expect(expressions.some((expression) => expression.startsWith(`SEARCH('{${METRICS_NAMESPACE},service,`) && expression.includes(`MetricName="${metricName}"`))).toBe(true);
    }
    const latency = series.filter((line) => line[0] === METRICS_NAMESPACE && line[1] === 'Latency');
    expect(latency.map((line) => (line.at(-1) as { stat: string }).stat)).toEqual(['p50', 'p95', 'p99']);
  });
});

describe('outputs', () => {
  it('name the Function URL, the queues, the secret and every table', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual(
      ['DashboardName', 'GatewayFunctionName', 'GatewayUrl', 'HealthTableName', 'JobsDeadLetterQueueUrl', 'JobsQueueUrl', 'JobsTableName', 'PricingTableName', 'ResponsesTableName', 'ResultsBucketName', 'SecretArn'].sort(),
    );
    const url = Object.keys(template.findResources('AWS::Lambda::Url'))[0];
    expect(outputs.GatewayUrl?.Value).toEqual({ 'Fn::GetAtt': [url, 'FunctionUrl'] });
    expect(outputs.JobsQueueUrl?.Value).toEqual({ Ref: logicalId(stack.jobs.queue) });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['NONE', stack],
    ['AWS_IAM', iamStack],
  ] as const)('finds nothing unacknowledged (URL auth %s)', (_auth, checked) => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(checked);
    const findings = report.violations.map((violation) => `${violation.ruleName}: ${violation.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('acknowledges each finding with a reason a reviewer can check', () => {
    const acknowledgements = stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    expect(acknowledgements.map(([id]) => id.replace(/^annotation::/i, '')).sort()).toEqual([
      `AwsSolutions-IAM5[Resource::<${logicalId(stack.pricingSeed.function)}.Arn>:*]`,
      // The results bucket: the gateway's stored responses too large for an item, under responses/;
      // one action under results/ for each reader and writer of job results, and no access-log bucket
      // (the poller binds both: a batch answer goes in, a callback of one comes out).
      `AwsSolutions-IAM5[Resource::<${logicalId(stack.results.bucket)}.Arn>/responses/*]`,
      ...[stack.gateway.function, stack.worker.function, stack.poller.function, stack.poller.function].map(
        () => `AwsSolutions-IAM5[Resource::<${logicalId(stack.results.bucket)}.Arn>/results/*]`,
      ),
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
    ]);
    for (const [, reason] of acknowledgements) expect(reason.length).toBeGreaterThan(80);
  });
});
