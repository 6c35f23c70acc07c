/**
 * What a caller said that the neutral call has no word for, per family, so a target of that family
 * still receives it. A family reads its own key and nothing else.
 */
export interface ProviderOptions {
  /** OpenAI-dialect fields the call does not name (logit_bias, prediction, metadata, store, modalities…). */
  openai?: Readonly<Record<string, unknown>>;
  anthropic?: Readonly<{ betas?: string[]; metadata?: Record<string, unknown>; container?: unknown; mcp_servers?: unknown; context_management?: unknown } & Record<string, unknown>>;
  gemini?: Readonly<{ safetySettings?: unknown; cachedContent?: string } & Record<string, unknown>>;
  bedrock?: Readonly<{ additionalModelRequestFields?: Record<string, unknown>; guardrailConfig?: unknown; performanceConfig?: unknown }>;
}
