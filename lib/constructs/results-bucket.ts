/**
 * The results bucket (`BUCKETS.results`): job completions too large for a job record, as
 * `results/<job id>.json` (functions/jobs/delivery/result-storage.ts). Private (all public access
 * blocked, ACLs off), SSE-S3, TLS only, objects expired by a lifecycle rule once their records
 * are gone, kept when the stack is deleted (like the tables). Writers (the worker, the poller)
 * may put objects under the prefix; readers (the gateway's GET, the callbacks) may get them.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { BucketDefinition } from '../../functions/infrastructure/resource-definitions.ts';

export class ResultsBucket extends Construct {
  readonly bucket: Bucket;
  private readonly definition: BucketDefinition;

  constructor(scope: Construct, id: string, { definition }: { definition: BucketDefinition }) {
    super(scope, id);
    this.definition = definition;
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [
        { id: 'expire-results', prefix: definition.prefix, expiration: Duration.days(definition.expirationDays), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // cdk-nag 3 reads CDK's own acknowledgements (it has no NagSuppressions).
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the stack\'s own functions reach this private bucket, each through its role and the one prefix it is granted; they log every job they store or read. Server access logs would need a second bucket, and its own lifecycle, to record the same requests again; enable CloudTrail data events on the bucket where an audit trail of object reads is required.',
    });
  }

  /** A function that stores results: the bucket's name, and PutObject under the prefix only. */
  bindWriter(fn: LambdaFunction): void {
    this.bind(fn, 's3:PutObject');
  }

  /** A function that reads results (GET /v1/jobs/{id}, callbacks): the name, and GetObject under the prefix only. */
  bindReader(fn: LambdaFunction): void {
    this.bind(fn, 's3:GetObject');
  }

  private bind(fn: LambdaFunction, action: string): void {
    fn.addEnvironment(this.definition.envVar, this.bucket.bucketName);
    const objects = this.bucket.arnForObjects(`${this.definition.prefix}*`);
    fn.addToRolePolicy(new PolicyStatement({ actions: [action], resources: [objects] }));
    const bucketArn = `<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>`;
    // On the role, whose policy holds the grant (the function's role is its own: BundledFunction).
    Validations.of(fn.role ?? fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucketArn}/${this.definition.prefix}*]`,
      reason: `One action (${action}) on the objects under ${this.definition.prefix} in the results bucket: an object per job, named by its id, so no fixed list of keys can be granted; nothing else in the bucket, no listing.`,
    });
  }
}
