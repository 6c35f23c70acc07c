/**
 * The results bucket (`BUCKETS.results`): what is too large for a DynamoDB item, by prefix: job
 * completions as `results/<job id>.json` (functions/jobs/delivery/result-storage.ts), stored
 * responses as `responses/<id>/<uuid>.json` (functions/responses/). Private (all public access blocked,
 * ACLs off), SSE-S3, TLS only, each prefix's objects expired by its own lifecycle rule once their
 * records are gone, kept when the stack is deleted (like the tables). A function is granted the
 * object actions its code makes under one prefix (`grant`), never the bucket, never a listing.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { expiryRuleId, type BUCKETS } from '../../functions/infrastructure/resource-definitions.ts';
import type { BucketAccess } from './bucket-access.ts';

type ResultsBucketDefinition = (typeof BUCKETS)['results'];

export class ResultsBucket extends Construct {
  readonly bucket: Bucket;
  private readonly definition: ResultsBucketDefinition;

  constructor(scope: Construct, id: string, { definition }: { definition: ResultsBucketDefinition }) {
    super(scope, id);
    this.definition = definition;
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: Object.values(definition.prefixes).map(({ prefix, expirationDays }) => ({
        id: expiryRuleId(prefix),
        prefix,
        expiration: Duration.days(expirationDays),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      })),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // cdk-nag 3 reads CDK's own acknowledgements (it has no NagSuppressions).
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the stack\'s own functions reach this private bucket, each through its role and the one prefix it is granted; they log every job they store or read. Server access logs would need a second bucket, and its own lifecycle, to record the same requests again; enable CloudTrail data events on the bucket where an audit trail of object reads is required.',
    });
  }

  /**
   * Gives a function the bucket's name and exactly `actions` on the objects under `prefix`: one of
   * its entries in FUNCTION_BUCKET_ACCESS (bucket-access.ts).
   */
  grant(fn: LambdaFunction, { prefix, actions }: BucketAccess): void {
    const { prefix: keyPrefix } = this.definition.prefixes[prefix];
    fn.addEnvironment(this.definition.envVar, this.bucket.bucketName);
    fn.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [this.bucket.arnForObjects(`${keyPrefix}*`)] }));
    const bucketArn = `<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>`;
    // On the role, whose policy holds the grant (the function's role is its own: BundledFunction).
    Validations.of(fn.role ?? fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucketArn}/${keyPrefix}*]`,
      reason: `${actions.join(', ')} on the objects under ${keyPrefix} in the results bucket only: an object per record, named by an id made at run time, so no fixed list of keys can be granted; nothing else in the bucket, no listing.`,
    });
  }
}
