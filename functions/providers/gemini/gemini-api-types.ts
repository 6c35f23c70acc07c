/**
 * The Gemini API's `generateContent` wire format (v1beta, JSON field names), as far as the gateway
 * reads or writes it. Response fields are optional because Gemini omits empty fields and stream
 * chunks carry only what changed.
 */

export type GeminiRole = 'user' | 'model';

export interface GeminiInlineData {
  mimeType: string;
  /** Base64, without a `data:` prefix. */
  data: string;
}

export interface GeminiFileData {
  mimeType?: string;
  fileUri: string;
}

export interface GeminiFunctionCall {
  id?: string;
  name: string;
  args?: Record<string, unknown>;
}

export interface GeminiFunctionResponse {
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

/** One part of a content: exactly one of the data fields is set. */
export interface GeminiPart {
  text?: string;
  /** Marks a text part as a thought summary rather than answer text. */
  thought?: boolean;
  /** Opaque, base64; must be sent back with the part it came on. */
  thoughtSignature?: string;
  inlineData?: GeminiInlineData;
  fileData?: GeminiFileData;
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export interface GeminiContent {
  role: GeminiRole;
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  /** JSON Schema; the alternative `parameters` takes only an OpenAPI 3.0 subset. */
  parametersJsonSchema?: Record<string, unknown>;
}

/** One tool object may hold function declarations and built-in tools together (Gemini 3). */
export interface GeminiTool {
  functionDeclarations?: GeminiFunctionDeclaration[];
  /** Grounding with Google Search; no options on the Gemini API. */
  googleSearch?: Record<string, never>;
}

export type GeminiFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED';

export interface GeminiToolConfig {
  functionCallingConfig?: {
    mode: GeminiFunctionCallingMode;
    allowedFunctionNames?: string[];
  };
  /** Required to offer built-in tools beside function declarations (Gemini 3). */
  includeServerSideToolInvocations?: boolean;
}

export type GeminiThinkingLevel = 'minimal' | 'low' | 'medium' | 'high';

export interface GeminiThinkingConfig {
  /** Gemini 2.5: a token budget; 0 turns thinking off where the model allows it, -1 lets the model decide. */
  thinkingBudget?: number;
  /** Gemini 3: a level; mutually exclusive with `thinkingBudget`. */
  thinkingLevel?: GeminiThinkingLevel;
  includeThoughts?: boolean;
}

export interface GeminiGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  candidateCount?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseLogprobs?: boolean;
  /** How many top alternatives per token; only with `responseLogprobs`. */
  logprobs?: number;
  responseMimeType?: string;
  /** JSON Schema; the alternative `responseSchema` takes only an OpenAPI 3.0 subset. */
  responseJsonSchema?: Record<string, unknown>;
  thinkingConfig?: GeminiThinkingConfig;
}

export interface GeminiGenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
  /** Top level, snake_case, lower case, as the flex inference reference sends it. */
  service_tier?: 'flex' | 'priority';
  /** `SafetySetting[]` ({category, threshold}), as the caller gave them. */
  safetySettings?: unknown;
  /** A cache's name, `cachedContents/{id}`. */
  cachedContent?: string;
}

/** Google's `Candidate.FinishReason`; kept open because Google adds values. */
export type GeminiFinishReason =
  | 'FINISH_REASON_UNSPECIFIED'
  | 'STOP'
  | 'MAX_TOKENS'
  | 'SAFETY'
  | 'RECITATION'
  | 'LANGUAGE'
  | 'OTHER'
  | 'BLOCKLIST'
  | 'PROHIBITED_CONTENT'
  | 'SPII'
  | 'MALFORMED_FUNCTION_CALL'
  | 'IMAGE_SAFETY'
  | 'IMAGE_PROHIBITED_CONTENT'
  | 'IMAGE_OTHER'
  | 'IMAGE_RECITATION'
  | 'NO_IMAGE'
  | 'UNEXPECTED_TOOL_CALL'
  | 'TOO_MANY_TOOL_CALLS'
  | 'MISSING_THOUGHT_SIGNATURE'
  | (string & {});

export interface GeminiLogprobsCandidate {
  token?: string;
  tokenId?: number;
  logProbability?: number;
}

export interface GeminiLogprobsResult {
  /** Per generated token, the most likely alternatives. */
  topCandidates?: Array<{ candidates?: GeminiLogprobsCandidate[] }>;
  /** Per generated token, the token chosen. */
  chosenCandidates?: GeminiLogprobsCandidate[];
}

export interface GeminiCandidate {
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: GeminiFinishReason;
  finishMessage?: string;
  index?: number;
  logprobsResult?: GeminiLogprobsResult;
}

export interface GeminiUsageMetadata {
  /** All prompt tokens, cached ones included. */
  promptTokenCount?: number;
  cachedContentTokenCount?: number;
  /** Answer tokens only: thoughts are counted apart. */
  candidatesTokenCount?: number;
  toolUsePromptTokenCount?: number;
  thoughtsTokenCount?: number;
  totalTokenCount?: number;
}

export interface GeminiGenerateContentResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
}

/** `google.rpc.Status`, the body of every Gemini error (also sent inside a stream). */
export interface GeminiErrorObject {
  code?: number;
  message?: string;
  status?: string;
  details?: Array<{ '@type'?: string; retryDelay?: string; [key: string]: unknown }>;
}

export interface GeminiErrorBody {
  error: GeminiErrorObject;
}

/** What a `data:` line of the stream (or a whole body) can hold. */
export type GeminiResponseOrError = GeminiGenerateContentResponse & { error?: GeminiErrorObject };
