/**
 * Amazon Bedrock's Converse and ConverseStream APIs for the neutral call: one request format for
 * Claude, Llama, DeepSeek and the other models of a team's own AWS account. Unlike the other
 * adapters it signs its requests (`authorize`) and its streams come as AWS event-stream frames,
 * which the upstream reader decodes into the usual `{ event, data }` messages.
 */
import type { ProviderAdapter } from '../provider-adapter.ts';
import type { CredentialSource } from '../../aws/aws-credentials.ts';
import { authorizeBedrockRequest, defaultBedrockCredentials } from './authorize-bedrock-request.ts';
import { converseUrl } from './bedrock-model-id.ts';
import { convertToBedrockRequest } from './convert-to-bedrock-request.ts';
import { parseBedrockErrorBody } from './parse-bedrock-error.ts';
import { parseBedrockResponse } from './parse-bedrock-response.ts';
import { createBedrockStreamTranslator } from './parse-bedrock-stream.ts';

export interface BedrockAdapterOptions {
  /** Where SigV4 credentials come from; the process's own unless given. */
  credentials?: CredentialSource;
}

export function createBedrockAdapter(options: BedrockAdapterOptions = {}): ProviderAdapter {
  const credentials = options.credentials ?? defaultBedrockCredentials;
  return {
    buildRequest(call, context) {
      const { body, notes } = convertToBedrockRequest(call, context);
      return {
        url: converseUrl(context.baseUrl, context.model, context.stream),
        headers: { 'content-type': 'application/json', accept: context.stream ? 'application/vnd.amazon.eventstream' : 'application/json' },
        body: JSON.stringify(body),
        ...(notes.length > 0 && { notes }),
      };
    },
    authorize: (request, context) => authorizeBedrockRequest(request, context, credentials),
    streamFraming: 'aws-eventstream',
    parseChatResponse: parseBedrockResponse,
    createStreamTranslator: createBedrockStreamTranslator,
    parseErrorBody: parseBedrockErrorBody,
  };
}

export const bedrockAdapter = createBedrockAdapter();
