/**
 * A POST signed with SigV4 (@smithy/signature-v4 over Node's crypto): the headers to send it with,
 * `host`, `x-amz-date`, `authorization` and, with temporary credentials, `x-amz-security-token`
 * among them. What the JSON-protocol client and Bedrock's requests share.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import type { CredentialSource } from './aws-credentials.ts';
import { NodeSha256 } from './sha256.ts';

export type Signer = SignatureV4;

/** A signer for `service` in `region`; it caches its derived key for the day. */
export const createSigner = (service: string, region: string, credentials: CredentialSource): Signer =>
  new SignatureV4({ service, region, credentials, sha256: NodeSha256 });

export async function signPost(signer: Signer, url: URL, headers: Readonly<Record<string, string>>, body: string): Promise<Record<string, string>> {
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    // As the URL has it, already percent-encoded (Bedrock's model ids); the signer encodes it once more, as AWS expects.
    path: url.pathname,
    query: {},
    headers: { ...headers, host: url.host },
    body,
  });
  return signed.headers;
}
