/**
 * The gateway's own envelope for reasoning another provider signed (a Claude thinking signature, a
 * Gemini thought signature), which the Responses door writes into a reasoning item's
 * `encrypted_content` so that its client can send it back: `sy1.` and what only the door reads.
 * No Responses provider can read it. The door owns the format; this check can move beside it.
 */
export const isGatewayReasoningEnvelope = (encryptedContent: unknown): boolean =>
  typeof encryptedContent === 'string' && encryptedContent.startsWith('sy1.');
