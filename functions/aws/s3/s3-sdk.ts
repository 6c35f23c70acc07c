/**
 * The part of the AWS SDK the functions use only now and then, as one module loaded on first use
 * (`#aws-s3`, a side module beside each bundle: lib/bundling.ts): S3's client, for stored
 * responses over DynamoDB's item size and large job results, and the SDK's region resolution, for
 * a process whose environment names no region (a laptop with a profile).
 */
import { S3Client } from '@aws-sdk/client-s3';

export { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** The region an SDK client resolves without one given: `AWS_REGION`, then the profile's `region`; undefined when none. */
export async function regionOfDefaultChain(): Promise<string | undefined> {
  const client = new S3Client({});
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
