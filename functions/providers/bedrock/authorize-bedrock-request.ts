/**
 * Bedrock's two ways in: an API key (`AWS_BEARER_TOKEN_BEDROCK`) sent as a bearer token, or a
 * SigV4 signature (service `bedrock`) with credentials from AWS's default chain: the function's
 * role in Lambda, a profile or SSO session on a laptop. The chain caches what it fetched and
 * fetches again only near expiry, so signing costs no call to AWS per request.
 */
import { credentialSource, type CredentialSource } from '../../aws/aws-credentials.ts';
import { createSigner, signPost, type Signer } from '../../aws/sign-post.ts';
import { CallError } from '../../core/call-error.ts';
import type { AuthorizeContext, UpstreamRequest } from '../provider-adapter.ts';
import { BEDROCK_PROVIDER, BEDROCK_SIGNING_SERVICE } from './bedrock-constants.ts';

const credentialsUnavailable = (cause: unknown) =>
  new CallError({
    status: 500,
    kind: 'internal',
    fault: 'gateway',
    code: 'provider_credentials_unavailable',
    // The chain's own message names the sources it tried, never a secret.
    message: `${BEDROCK_PROVIDER}: the gateway found no AWS credentials to sign with (${(cause as Error).message})`,
    cause,
  });

/** The request with its credentials; `credentials` is the default chain unless a test passes its own. */
export async function authorizeBedrockRequest(
  request: UpstreamRequest,
  context: AuthorizeContext,
  credentials: CredentialSource,
): Promise<UpstreamRequest> {
  if (context.apiKey) return { ...request, headers: { ...request.headers, authorization: `Bearer ${context.apiKey}` } };
  if (!context.region) throw new Error('Bedrock needs a region to sign for: loadConfig sets one whenever Bedrock is configured');

  const url = new URL(request.url);
  const signer = signerFor(credentials, context.region);
  let signed;
  try {
    signed = await signPost(signer, url, request.headers, request.body);
  } catch (error) {
    throw credentialsUnavailable(error);
  }
  // Node's client sends the same Host itself.
  const { host: _host, ...headers } = signed;
  return { ...request, headers };
}

/** One signer per credentials and region, kept rather than made per request (about 5 of 50 µs a signature here). */
const signers = new WeakMap<CredentialSource, Map<string, Signer>>();

function signerFor(credentials: CredentialSource, region: string): Signer {
  let byRegion = signers.get(credentials);
  if (!byRegion) signers.set(credentials, (byRegion = new Map()));
  let signer = byRegion.get(region);
  if (!signer) byRegion.set(region, (signer = createSigner(BEDROCK_SIGNING_SERVICE, region, credentials)));
  return signer;
}

let source: CredentialSource | undefined;

/** The process's own credentials: its environment's keys (the Lambda role's), else AWS's default chain. */
export const defaultBedrockCredentials: CredentialSource = () => (source ??= credentialSource(process.env))();
