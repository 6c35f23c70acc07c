/**
 * The providers the gateway knows, as data: which family serves each (provider-families.ts), which
 * environment variables configure it (the names and meanings its own SDK uses), how an
 * OpenAI-compatible one departs from OpenAI, and what the gateway may use of it.
 */
import type { SignatureIssuer } from '../core/parts.ts';
import type { ProviderFamilyId } from './provider-families.ts';

/** Where an OpenAI-compatible provider differs from OpenAI's request format. */
export interface OpenAICompatibleQuirks {
  /** Providers that only know `max_tokens` get `max_completion_tokens` renamed. */
  maxTokensParam: 'max_tokens' | 'max_completion_tokens' | 'either';
  /** Whether `stream_options.include_usage` is accepted; the others report usage unasked. */
  streamOptions: boolean;
  /** Parameters renamed on the way up (Mistral calls `seed` `random_seed`). */
  renamedParams?: Readonly<Record<string, string>>;
  /** `tool_choice: "required"` spelled the provider's way. */
  requiredToolChoice?: string;
}

/**
 * How a provider that serves OpenAI's Responses API itself (`POST <base>/responses`) departs from
 * OpenAI's: a call that came by the Responses door goes to it as the client wrote it.
 */
export interface ResponsesApi {
  /**
   * How token log-probabilities are asked for: OpenAI's `include: ["message.output_text.logprobs"]`,
   * or a `logprobs: true` flag (xAI, whose `include` takes `reasoning.encrypted_content` only).
   */
  logprobs: 'include' | 'flag';
  /**
   * Whose model line can read back the `encrypted_content` of its reasoning items, for the unified
   * events; without one, the encrypted reasoning reaches a native client only (no issuer names xAI).
   */
  reasoningIssuer?: SignatureIssuer;
}

export interface ProviderDefinition {
  id: string;
  family: ProviderFamilyId;
  /** `OPENAI` for `OPENAI_API_KEY` and `OPENAI_BASE_URL`. */
  envPrefix: string;
  /**
   * The public endpoint; like the SDKs', OpenAI-style bases end just before `/chat/completions`.
   * `{region}` stands for the configured AWS region (Bedrock).
   */
  defaultBaseUrl: string;
  quirks?: OpenAICompatibleQuirks;
  /**
   * How the provider's keys begin, for spotting one (or its masked echo) in text that did not
   * come with the configured key: none for keys without a fixed prefix (Mistral's 32 characters).
   */
  keyPrefixes: readonly string[];
  /**
   * Where its URLs put the model: in one path segment, percent-encoded (absent: in the body). Then
   * a `/` in a model name is refused (`no-slash`), or accepted in ARNs only (`slash-in-arn`).
   */
  modelInPath?: 'no-slash' | 'slash-in-arn';
  /**
   * Where it processes requests by default, for residency constraints (provider-regions.ts); none
   * for Bedrock, which processes them in the region the gateway calls it in.
   */
  region?: string;
  /**
   * The tokenizer of the models it serves, where the provider says it rather than the model's name
   * (tokenizer-factor.ts: a Claude model is Claude's on any provider).
   */
  tokenizer?: 'openai' | 'gemini';
  /** Its answers carry token log-probabilities when asked, so the cascade asks it for them (its confidence). */
  logprobs?: boolean;
  /**
   * Jobs may go to its batch API, through its family's batch client. Not Bedrock's (its batch
   * inference reads and writes S3), nor the other OpenAI-compatible providers' (not wired yet).
   */
  batchApi?: boolean;
  /**
   * Its prompt cache is counted in the price estimate, by its family's policy
   * (prompt-cache-tracker.ts); without it none is assumed.
   */
  promptCache?: boolean;
  /** It serves OpenAI's Responses API itself: the Responses door's calls go to it natively. */
  responsesApi?: ResponsesApi;
  /**
   * It is OpenAI's Chat Completions API itself rather than a compatible one with its own quirks:
   * the chat door's calls go to it natively, and a stream can go to the client as it was sent.
   */
  chatApi?: true;
}

export const PROVIDERS = [
  {
    id: 'openai',
    family: 'openai-compatible',
    envPrefix: 'OPENAI',
    defaultBaseUrl: 'https://api.openai.com/v1',
    keyPrefixes: ['sk-'],
    region: 'us',
    tokenizer: 'openai',
    logprobs: true,
    quirks: { maxTokensParam: 'either', streamOptions: true },
    batchApi: true,
    promptCache: true,
    responsesApi: { logprobs: 'include', reasoningIssuer: 'openai' },
    chatApi: true,
  },
  {
    id: 'anthropic',
    family: 'anthropic',
    envPrefix: 'ANTHROPIC',
    defaultBaseUrl: 'https://api.anthropic.com',
    keyPrefixes: ['sk-ant-'],
    region: 'us',
    batchApi: true,
    promptCache: true,
  },
  {
    id: 'gemini',
    family: 'gemini',
    envPrefix: 'GEMINI',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    keyPrefixes: ['AIza'],
    region: 'us',
    tokenizer: 'gemini',
    modelInPath: 'no-slash',
    batchApi: true,
  },
  {
    id: 'deepseek',
    family: 'openai-compatible',
    envPrefix: 'DEEPSEEK',
    defaultBaseUrl: 'https://api.deepseek.com',
    keyPrefixes: ['sk-'],
    region: 'cn',
    logprobs: true,
    quirks: { maxTokensParam: 'max_tokens', streamOptions: true },
  },
  {
    id: 'mistral',
    family: 'openai-compatible',
    envPrefix: 'MISTRAL',
    defaultBaseUrl: 'https://api.mistral.ai/v1',
    keyPrefixes: [],
    region: 'eu',
    quirks: {
      maxTokensParam: 'max_tokens',
      streamOptions: false,
      renamedParams: { seed: 'random_seed' },
      requiredToolChoice: 'any',
    },
  },
  {
    id: 'groq',
    family: 'openai-compatible',
    envPrefix: 'GROQ',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    keyPrefixes: ['gsk_'],
    region: 'us',
    quirks: { maxTokensParam: 'either', streamOptions: true },
  },
  {
    id: 'xai',
    family: 'openai-compatible',
    envPrefix: 'XAI',
    defaultBaseUrl: 'https://api.x.ai/v1',
    keyPrefixes: ['xai-'],
    region: 'us',
    logprobs: true,
    quirks: { maxTokensParam: 'either', streamOptions: true },
    // https://docs.x.ai/docs/guides/chat: its Responses API is the one it recommends.
    responsesApi: { logprobs: 'flag' },
  },
  {
    id: 'together',
    family: 'openai-compatible',
    envPrefix: 'TOGETHER',
    defaultBaseUrl: 'https://api.together.xyz/v1',
    keyPrefixes: ['tgp_v1_'],
    region: 'us',
    logprobs: true,
    quirks: { maxTokensParam: 'max_tokens', streamOptions: true },
  },
  {
    // Configured by SWITCHYARD_BEDROCK_REGION or AWS_BEARER_TOKEN_BEDROCK (see loadConfig), not BEDROCK_API_KEY.
    id: 'bedrock',
    family: 'bedrock',
    envPrefix: 'BEDROCK',
    defaultBaseUrl: 'https://bedrock-runtime.{region}.amazonaws.com',
    keyPrefixes: ['ABSK', 'bedrock-api-key-'],
    // Inference profile and provisioned model ARNs: `arn:aws:bedrock:…:inference-profile/…`.
    modelInPath: 'slash-in-arn',
  },
] as const satisfies readonly ProviderDefinition[];

export type ProviderId = (typeof PROVIDERS)[number]['id'];

const BY_ID: ReadonlyMap<string, ProviderDefinition> = new Map(PROVIDERS.map((provider) => [provider.id, provider]));

export const findProvider = (id: string): ProviderDefinition | undefined => BY_ID.get(id);
