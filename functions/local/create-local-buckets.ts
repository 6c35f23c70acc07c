/**
 * Creates a bucket of resource-definitions.ts on an S3-compatible endpoint (fauxqs), with the
 * stack's lifecycle rules, one a prefix (stored, not enforced, by fauxqs). Idempotent: an existing bucket keeps
 * its objects.
 */
import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import type { ObjectClient } from '../aws/s3/s3-client.ts';
import { expiryRuleId, type BucketDefinition } from '../infrastructure/resource-definitions.ts';

export async function ensureBucket(s3: ObjectClient, definition: BucketDefinition): Promise<{ name: string }> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: definition.name }));
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: definition.name,
      LifecycleConfiguration: {
        Rules: Object.values(definition.prefixes).map(({ prefix, expirationDays }) => ({
          ID: expiryRuleId(prefix),
          Status: 'Enabled',
          Filter: { Prefix: prefix },
          Expiration: { Days: expirationDays },
        })),
      },
    }),
  );
  return { name: definition.name };
}
