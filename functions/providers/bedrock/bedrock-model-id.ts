/**
 * What the gateway reads from a Bedrock model id: a foundation model id
 * (`anthropic.claude-sonnet-4-5-20250929-v1:0`), a cross-Region inference profile id
 * (`us.anthropic.claude-...`, `global.anthropic.claude-...`) or an ARN of either.
 */
import type { SignatureIssuer } from '../../core/parts.ts';

/** The Claude model name Anthropic's API uses (`claude-sonnet-4-5-20250929`); undefined for other models. */
export function claudeModelName(modelId: string): string | undefined {
  const match = /(?:^|[./])anthropic\.(claude-[a-z0-9-]+?)(?:-v\d+(?::\d+)?)?$/.exec(modelId);
  return match?.[1];
}

/** Whose reasoning signatures a model issues and verifies: Claude's, wherever it runs; undefined for models that sign none the gateway knows. */
export const reasoningIssuer = (modelId: string): SignatureIssuer | undefined => (claudeModelName(modelId) !== undefined ? 'claude' : undefined);

/** The Converse URL for a model: its id (with `:` and, in ARNs, `/`) URL-encoded into one path segment. */
export const converseUrl = (baseUrl: string, modelId: string, stream: boolean): string =>
  `${baseUrl}/model/${encodeURIComponent(modelId)}/${stream ? 'converse-stream' : 'converse'}`;
