/**
 * The part of the AWS SDK's S3 client the functions use, as one module loaded on first use
 * (`#aws-s3`, a side module beside each bundle: lib/bundling.ts). Only stored responses over
 * DynamoDB's item size and large job results go to S3, so most instances never load it.
 */
export { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
