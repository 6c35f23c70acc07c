/**
 * Per-target probing, from `SWITCHYARD_PROBE_CONFIG`: a JSON object keyed by model name (as in
 * SWITCHYARD_PROBE_TARGETS, or `provider/model`), each `"off"` or its own interval and prompt:
 * `{"gpt-4o-mini": {"everyMs": 30000, "prompt": "Say OK"}, "anthropic/claude-haiku-4-5": "off"}`.
 * Checked at start-up: a mistake stops the probe with an error that says where, rather than
 * probing (and paying for) something other than what was meant.
 */
import * as z from 'zod';
import { ConfigError, type Environment } from '../config/read-environment.ts';
import { PARSE_ONCE } from '../validation/parse-once.ts';

export const PROBE_CONFIG_VARIABLE = 'SWITCHYARD_PROBE_CONFIG';

const targetConfigSchema = z.union([
  z.literal('off'),
  z.strictObject({
    /** Between two probes of this target; probes happen in rounds, so it is kept to the nearest round. */
    everyMs: z.number().int().positive().optional(),
    /** The user message sent; short, as its tokens are paid for at every probe. */
    prompt: z.string().trim().min(1).max(500).optional(),
  }),
]);

const probeConfigSchema = z.record(z.string().min(1), targetConfigSchema);

export type ProbeTargetConfig = z.infer<typeof targetConfigSchema>;
export type ProbeConfig = Readonly<Record<string, ProbeTargetConfig>>;

export function readProbeConfig(env: Environment): ProbeConfig {
  const raw = env[PROBE_CONFIG_VARIABLE];
  if (raw === undefined || raw.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`${PROBE_CONFIG_VARIABLE} is not JSON: ${(error as Error).message}`);
  }
  const result = probeConfigSchema.safeParse(json, PARSE_ONCE);
  if (!result.success) {
    throw new ConfigError(
      `${PROBE_CONFIG_VARIABLE} is not valid (each model's entry is "off" or {"everyMs": <positive integer>, "prompt": "<text>"}):\n${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}
