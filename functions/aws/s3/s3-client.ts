/**
 * The S3 client from the environment: `S3_ENDPOINT` points it at an S3-compatible endpoint
 * (`npm start`'s embedded one, fauxqs); unset, it talks to S3 in `AWS_REGION`. The SDK's client
 * is loaded and made on the first call (`#aws-s3`): S3 is on no request's usual path.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Environment } from '../../config/load-config.ts';
import { awsClientConfig } from '../aws-client-config.ts';

export const S3_ENDPOINT_VARIABLE = 'S3_ENDPOINT';

/** What the application calls S3 with. */
export type ObjectClient = Pick<S3Client, 'send'>;

export function createS3Client(env: Environment): ObjectClient & Pick<S3Client, 'destroy'> {
  const config = awsClientConfig(env, S3_ENDPOINT_VARIABLE);
  let client: Promise<S3Client> | undefined;
  let made: S3Client | undefined;
  const load = () =>
    (client ??= import('#aws-s3').then(({ S3Client }) => {
      // A local endpoint has no per-bucket host names: the bucket goes in the path.
      made = new S3Client({ ...config, ...(config.endpoint ? { forcePathStyle: true } : {}) });
      return made;
    }));
  return {
    send: (async (...args: Parameters<S3Client['send']>) => (await load()).send(...args)) as S3Client['send'],
    destroy: () => made?.destroy(),
  };
}
