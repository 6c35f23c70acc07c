/**
 * The gateway's own `encrypted_content` for a reasoning item that another provider answered:
 * `sy1.` + base64url(JSON). It carries what a Responses client has no field for and the provider
 * needs back on the next turn of a tool loop: Claude's thinking with its signature and its redacted
 * thinking, Gemini's thought signatures on its function calls (by `call_id`). A client keeps it as
 * it keeps OpenAI's own (Codex with `include: ["reasoning.encrypted_content"]` and `store: false`),
 * so the reasoning survives on every provider.
 *
 * It is not encrypted: nothing in it is secret, and a provider verifies its own signatures. The
 * prefix tells it from OpenAI's (which only OpenAI reads, and which OpenAI is never sent this).
 */
import * as z from 'zod';
import { invalidRequest } from '../../core/call-error.ts';
import { lazySchema } from '../../validation/lazy-schema.ts';
import type { ReasoningPart, RedactedReasoningPart, Signature } from '../../core/parts.ts';

const ENVELOPE_PREFIX = 'sy1.';

export interface ReasoningEnvelope {
  /** The reasoning blocks in the order they came, with what makes each sendable back. */
  blocks: Array<ReasoningPart | RedactedReasoningPart>;
  /** Signatures a provider issued for its tool calls (Gemini's thought signatures), by call id. */
  toolCalls: Record<string, Signature>;
}

/** Built on the first envelope read back (lazy-schema.ts). */
const envelopeSchema = lazySchema(() => {
  const issuer = z.enum(['claude', 'gemini', 'openai']);
  const signature = z.strictObject({ issuer, value: z.string() });
  return z.strictObject({
    blocks: z.array(
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('reasoning'), text: z.string(), signature: signature.optional() }),
        z.strictObject({ type: z.literal('redacted-reasoning'), data: z.string(), issuer }),
      ]),
    ),
    toolCalls: z.record(z.string(), signature),
  });
});

export const isEnvelope = (encrypted: string): boolean => encrypted.startsWith(ENVELOPE_PREFIX);

export function encodeEnvelope(envelope: ReasoningEnvelope): string {
  // Only the fields the envelope defines: a part's other fields (a cache hint) are not its to keep.
  const blocks = envelope.blocks.map((block) =>
    block.type === 'reasoning'
      ? { type: block.type, text: block.text, ...(block.signature && { signature: { issuer: block.signature.issuer, value: block.signature.value } }) }
      : { type: block.type, data: block.data, issuer: block.issuer },
  );
  return ENVELOPE_PREFIX + Buffer.from(JSON.stringify({ blocks, toolCalls: envelope.toolCalls })).toString('base64url');
}

/** `param` names the field for the 400 a malformed envelope is. */
export function decodeEnvelope(encrypted: string, param: string): ReasoningEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encrypted.slice(ENVELOPE_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = envelopeSchema().safeParse(json);
  if (!parsed.success) {
    throw invalidRequest(`Invalid value for '${param}': it is not reasoning this gateway returned. Send the reasoning item back as it came.`, param, 'invalid_encrypted_content');
  }
  const blocks = parsed.data.blocks.map(
    (block): ReasoningPart | RedactedReasoningPart =>
      block.type === 'reasoning' ? { type: 'reasoning', text: block.text, ...(block.signature && { signature: block.signature }) } : block,
  );
  return { blocks, toolCalls: parsed.data.toolCalls };
}
