/** The provider's name in gateway errors. */
export const BEDROCK_PROVIDER = 'bedrock';

/** Bedrock answers without an id: the gateway makes one (in OpenAI's form), as every answer has one. */
export const newBedrockResponseId = () => `chatcmpl-${crypto.randomUUID().replaceAll('-', '')}`;

/** What Bedrock signs with SigV4: the service name in the credential scope. */
export const BEDROCK_SIGNING_SERVICE = 'bedrock';
