/**
 * An S3 endpoint that answers only what a function's grants allow, in front of the embedded one:
 * fauxqs checks no IAM, so a call the stack does not grant would otherwise fail only once
 * deployed. It applies the statements ResultsBucket.grant makes of the function's BucketAccess
 * entries (lib/constructs/bucket-access.ts): the object actions on the objects under each granted
 * prefix of the results bucket, nothing on the bucket itself. Anything else is refused as S3
 * refuses it (`AccessDenied`, 403), and recorded for the test to assert on. And as S3 answers a
 * role that may not list the bucket (none may), a read of a missing object is answered 403
 * `AccessDenied`, not 404 `NoSuchKey`. Path-style requests only, as the application's client makes
 * them against a local endpoint (s3-client.ts).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BUCKETS } from '../../functions/infrastructure/resource-definitions.ts';
import type { BucketAccess } from '../../lib/constructs/bucket-access.ts';
import { listenOnLoopback } from './listen-on-loopback.ts';

export interface IamCheckedS3 {
  /** The endpoint to give the function as S3_ENDPOINT. */
  endpoint: string;
  /** What was refused: `s3:Action on bucket/key`. */
  refused: string[];
  close(): Promise<void>;
}

/** The query parameters of a plain object call: the SDK names its operation in `x-id`. */
const PLAIN_OBJECT_CALL = new Set(['x-id']);

/**
 * `upstream`: the embedded S3's endpoint; `env`: the variables that name the bucket (as the embedded
 * services set them); `grants`: the function's BucketAccess entries, as the stack grants them.
 */
export async function startIamCheckedS3(upstream: string, env: Record<string, string | undefined>, grants: readonly BucketAccess[]): Promise<IamCheckedS3> {
  const bucket = env[BUCKETS.results.envVar];
  const target = new URL(upstream);
  const refused: string[] = [];
  const allowed = (action: string, bucketName: string, key: string): boolean =>
    bucketName === bucket &&
    key !== '' &&
    grants.some(({ prefix, actions }) => (actions as readonly string[]).includes(action) && key.startsWith(BUCKETS.results.prefixes[prefix].prefix));

  const server: Server = createServer((req, res) => {
    // The path as sent, not as a URL would normalize it (`..`): S3 takes the key literally.
    const [path = '/', query = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const [, bucketName = '', ...keyParts] = path.split('/');
    const key = keyParts.map(decodeURIComponent).join('/');
    const action = actionOf(req, new URLSearchParams(query), key);
    if (!allowed(action, decodeURIComponent(bucketName), key)) {
      const described = `${action} on ${decodeURIComponent(bucketName)}/${key}`;
      refused.push(described);
      // The body read first, so that the client is not reset while it still sends it.
      req.resume();
      req.once('end', () => accessDenied(res, described));
      return;
    }
    // As signed; fauxqs checks no signature.
    const forwarded = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      if (answer.statusCode === 404 && action === 's3:GetObject') {
        answer.resume();
        accessDenied(res, `s3:ListBucket on ${bucket}, which S3 asks for before it says a key is missing`);
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.once('error', (error) => res.destroy(error));
    req.pipe(forwarded);
  });
  const { origin, close } = await listenOnLoopback(server);
  return { endpoint: origin, refused, close };
}

/** S3's refusal (a HEAD's without its body). */
function accessDenied(res: ServerResponse, described: string): void {
  res.writeHead(403, { 'content-type': 'application/xml' });
  res.end(res.req.method === 'HEAD' ? undefined : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>not authorized to perform: ${described}</Message></Error>`);
}

/** The IAM action an object call needs; a call this file does not know is named so that it is refused. */
function actionOf(req: IncomingMessage, query: URLSearchParams, key: string): string {
  const method = req.method ?? 'GET';
  const params = [...query.keys()].filter((name) => !PLAIN_OBJECT_CALL.has(name));
  if (key === '') return `s3:(a call on the bucket: ${method}${params.length > 0 ? ` ?${params.join('&')}` : ''})`;
  // A copy reads another object too: not a call the application makes.
  if (req.headers['x-amz-copy-source'] !== undefined) return 's3:(CopyObject)';
  if (params.length === 0) {
    if (method === 'GET' || method === 'HEAD') return 's3:GetObject';
    if (method === 'PUT') return 's3:PutObject';
    if (method === 'DELETE') return 's3:DeleteObject';
  }
  // A multipart upload's calls are authorized by PutObject, except its abort and listing.
  if ((method === 'POST' && (params.includes('uploads') || params.includes('uploadId'))) || (method === 'PUT' && params.includes('uploadId'))) return 's3:PutObject';
  if (method === 'DELETE' && params.includes('uploadId')) return 's3:AbortMultipartUpload';
  return `s3:(${method} ?${params.join('&')})`;
}
