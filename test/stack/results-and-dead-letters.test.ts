/**
 * The results bucket and the dead-letter queue's consumer in the synthesized stack: a private,
 * encrypted, TLS-only bucket whose objects expire by prefix, reachable by the worker (put) and the
 * gateway (get) under results/ only, and by the gateway alone under responses/ (get, put, delete); a consumer fed by the jobs DLQ that may read and update job records
 * (`job#` partitions only) and nothing else; cdk-nag clean (switchyard-stack.test.ts lists the acknowledgements).
 */
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkNag from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { BUCKETS, FUNCTIONS, TABLES } from '../../functions/infrastructure/resource-definitions.ts';
import { METRICS_SERVICES } from '../../functions/observability/metrics.ts';
import { RESPONSE_TTL_SECONDS } from '../../functions/responses/response-store.ts';
import { DEAD_LETTER_BATCH_SIZE, DEAD_LETTER_MAX_CONCURRENCY } from '../../lib/constructs/dead-letter-consumer.ts';
import { SwitchyardStack } from '../../lib/switchyard-stack.ts';
import { cdkContext } from './cdk-context.ts';

const context = cdkContext({ bundle: false, validate: false });

const { AwsSolutionsChecks } = cdkNag;
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const app = new App({ context });
const stack = new SwitchyardStack(app, 'Switchyard', { env: { account: '123456789012', region: 'eu-west-1' } });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
const template = Template.fromStack(stack);
const id = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);
const bucketId = id(stack.results.bucket);
const objectsUnder = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}*`]] });
const objects = objectsUnder('results/');

const statementsOf = (role: unknown): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: id(role as never) }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);

describe('the results bucket', () => {
  it('is private, SSE-S3, retained, its results expiring with the job records and its stored responses with theirs', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId];
    expect(bucket).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [
            { Id: 'expire-results', Prefix: 'results/', Status: 'Enabled', ExpirationInDays: 44, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
            { Id: 'expire-responses', Prefix: 'responses/', Status: 'Enabled', ExpirationInDays: 30, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
          ],
        },
      },
    });
    // The job records live 30 days past their deadline: the objects at least as long. A stored
    // response's record lives 30 days from its write, as its object does (S3 rounds up to midnight).
    expect(BUCKETS.results.prefixes.jobResults.expirationDays).toBeGreaterThanOrEqual(30);
    expect(BUCKETS.results.prefixes.responses.expirationDays * 24 * 3600).toBe(RESPONSE_TTL_SECONDS);
  });

  it('refuses requests without TLS', () => {
    const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policy?.Properties.Bucket).toEqual({ Ref: bucketId });
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('lets the worker put and the gateway get objects under results/, the gateway alone get, put and delete them under responses/, and no one else anything', () => {
    const s3 = (role: unknown) => statementsOf(role).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('s3:')));
    expect(s3(stack.worker.function.role)).toEqual([{ Effect: 'Allow', Action: 's3:PutObject', Resource: objects }]);
    expect(s3(stack.gateway.function.role)).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: objects },
      { Effect: 'Allow', Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], Resource: objectsUnder('responses/') },
    ]);
    expect(JSON.stringify(s3(stack.poller.function.role))).not.toContain('responses/');
    expect(s3(stack.probe.function.role)).toEqual([]);
    expect(s3(stack.deadLetters.function.role)).toEqual([]);
    const variables = (fn: unknown) => template.findResources('AWS::Lambda::Function')[id(fn as never)]?.Properties.Environment.Variables;
    expect(variables(stack.worker.function)[BUCKETS.results.envVar]).toEqual({ Ref: bucketId });
    expect(variables(stack.gateway.function)[BUCKETS.results.envVar]).toEqual({ Ref: bucketId });
  });
});

describe('the dead-letter queue consumer', () => {
  const fnId = id(stack.deadLetters.function);

  it('runs FUNCTIONS.deadLetters under its own service name, fed by the jobs DLQ with partial batch failures', () => {
    expect(template.findResources('AWS::Lambda::Function')[fnId]?.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Timeout: FUNCTIONS.deadLetters.timeoutSeconds,
      MemorySize: FUNCTIONS.deadLetters.memoryMb,
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: METRICS_SERVICES.deadLetters, [TABLES.jobs.envVar]: { Ref: id(stack.state.tables.jobs) } } },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      EventSourceArn: { 'Fn::GetAtt': [id(stack.jobs.deadLetterQueue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: DEAD_LETTER_BATCH_SIZE,
      ScalingConfig: { MaximumConcurrency: DEAD_LETTER_MAX_CONCURRENCY },
    });
    // The DLQ's visibility timeout (SQS's 30 s default) must cover the function's run.
    expect(FUNCTIONS.deadLetters.timeoutSeconds).toBeLessThanOrEqual(30);
  });

  it('may read and update job records and consume the DLQ, nothing else (no secret, no provider, no other item, no index)', () => {
    const arn = (construct: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [id(construct), 'Arn'] });
    expect(statementsOf(stack.deadLetters.function.role)).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arn(stack.deadLetters.node.findChild('DeadLetters').node.findChild('Logs') as never) },
      // What Lambda's poller calls with the role: no ChangeMessageVisibility, no GetQueueUrl.
      { Effect: 'Allow', Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], Resource: arn(stack.jobs.deadLetterQueue) },
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        Resource: arn(stack.state.tables.jobs),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['job#*'] } },
      },
    ]);
  });

  it('has its own error alarm', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }] });
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged about the bucket, its grants or the consumer', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});
