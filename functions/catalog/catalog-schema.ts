/**
 * The model catalog: short aliases, capabilities, limits and regions for the models a team uses,
 * which models are the same model at several providers (equivalents), which a team accepts as
 * substitutes for one another (groups), and the thresholds of `switchyard/auto` and the cascade.
 * It is validated at start-up, so a typo in it stops the gateway instead of surfacing as a
 * confusing error on some later request.
 */
import * as z from 'zod';
import { priceOverrideSchema } from '../pricing/price-override-schema.ts';
import { findProvider } from '../providers/provider-registry.ts';

export const CAPABILITIES = ['tools', 'vision', 'json_schema', 'reasoning', 'audio', 'pdf'] as const;

/** `us`, `eu`, `eu-central-1`: a residency constraint `eu` is met by `eu` and `eu-*`. */
const regionSchema = z.string().regex(/^[a-z]{2,6}(-[a-z0-9]+)*$/, 'must be a region such as us, eu or eu-central-1');

export const catalogModelSchema = z.strictObject({
  /** `provider/model`, the model part exactly as the provider names it: naming it chooses that provider. */
  id: z
    .string()
    .regex(/^[a-z0-9-]+\/\S+$/, 'must be provider/model')
    .refine((id) => findProvider(id.slice(0, id.indexOf('/'))) !== undefined, 'names a provider the gateway does not know'),
  /** Short names for this model at this provider (`gpt-4o`, `bedrock-claude-haiku-4-5`): like the id, they choose the provider. */
  aliases: z.array(z.string().min(1)).default([]),
  /** Release date, for the `created` field of `GET /v1/models`. */
  released: z.iso.date(),
  context_window: z.int().positive(),
  max_output_tokens: z.int().positive(),
  capabilities: z.array(z.enum(CAPABILITIES)).default([]),
  /** Whether it thinks when a request names no `reasoning_effort` (GPT-5, Gemini 2.5 Pro) or only when asked (Claude): reasoning tokens are billed as output. */
  reasons_by_default: z.boolean().default(false),
  /** Where the provider processes requests; the provider's default region when absent. */
  region: regionSchema.optional(),
  /** Prices over the dataset's: a missing price, a negotiated one, a promotion or an off-peak window. */
  pricing: priceOverrideSchema.optional(),
});

const groupNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

const autoTierSchema = z.strictObject({
  /** Requests whose complexity score is at most this go to `group` (the first tier that fits). */
  max_score: z.number().min(0).max(1),
  group: groupNameSchema,
});

export const routingSettingsSchema = z.strictObject({
  auto: z
    .strictObject({ tiers: z.array(autoTierSchema).min(1) })
    .default({ tiers: [{ max_score: 0.35, group: 'fast' }, { max_score: 1, group: 'frontier' }] }),
  cascade: z
    .strictObject({
      /** Tried first. */
      cheap: groupNameSchema,
      /** Asked when the cheap answer's confidence is below the threshold. */
      strong: groupNameSchema,
      /** Confidence in [0, 1] from the answer's token log-probabilities. */
      min_confidence: z.number().min(0).max(1),
      /** When the cheap model returned no log-probabilities: keep its answer, or ask the strong one. */
      without_logprobs: z.enum(['accept', 'escalate']),
    })
    .default({ cheap: 'fast', strong: 'frontier', min_confidence: 0.75, without_logprobs: 'escalate' }),
});

const equivalentModelsSchema = z.array(z.string().min(1)).min(2);

/**
 * Models that are the same model served by different providers. A bare list makes them each
 * other's fallbacks; `aliases` also name the model itself, without a provider (`claude-haiku-4-5`),
 * and a request that uses one lets the engine choose among them all.
 */
export const equivalentSetSchema = z
  .union([equivalentModelsSchema, z.strictObject({ aliases: z.array(z.string().min(1)).min(1), models: equivalentModelsSchema })])
  .transform((set) => (Array.isArray(set) ? { aliases: [], models: set } : set));

export const catalogSchema = z
  .strictObject({
    models: z.array(catalogModelSchema),
    equivalents: z.array(equivalentSetSchema).default([]),
    /** Named sets of substitutes, called as `switchyard/<name>`. */
    groups: z.record(groupNameSchema, z.array(z.string().min(1)).min(1)).default({}),
    routing: routingSettingsSchema.default(routingSettingsSchema.parse({})),
  })
  .superRefine((catalog, ctx) => {
    const seen = new Map<string, string>();
    catalog.models.forEach((model, index) => {
      for (const name of [model.id, ...model.aliases]) {
        const owner = seen.get(name);
        if (owner !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['models', index], message: `'${name}' already names ${owner}` });
        }
        seen.set(name, model.id);
      }
    });
    // Routing needs a model's capabilities and limits: equivalents and groups name catalog models.
    const unknown = (name: string) => !seen.has(name);
    catalog.equivalents.forEach((set, index) => {
      for (const name of set.models.filter(unknown)) ctx.addIssue({ code: 'custom', path: ['equivalents', index, 'models'], message: `'${name}' is not a model in the catalog` });
    });
    // A set's aliases share the models' namespace: one name, one meaning.
    catalog.equivalents.forEach((set, index) => {
      for (const alias of set.aliases) {
        const owner = seen.get(alias);
        if (owner !== undefined) ctx.addIssue({ code: 'custom', path: ['equivalents', index, 'aliases'], message: `'${alias}' already names ${owner}` });
        seen.set(alias, `the equivalents ${set.models.join(', ')}`);
      }
    });
    for (const [group, members] of Object.entries(catalog.groups)) {
      if (group === 'auto') ctx.addIssue({ code: 'custom', path: ['groups', group], message: `'auto' is defined by routing.auto, not as a group` });
      for (const name of members.filter(unknown)) ctx.addIssue({ code: 'custom', path: ['groups', group], message: `'${name}' is not a model in the catalog` });
    }
    // A catalog without groups has no `switchyard/auto` or cascade (requests for them get a 404);
    // one that has groups must name existing ones.
    const groups = new Set(Object.keys(catalog.groups));
    if (groups.size === 0) return;
    const needGroup = (group: string, path: PropertyKey[]) => {
      if (!groups.has(group)) ctx.addIssue({ code: 'custom', path, message: `'${group}' is not a group in the catalog` });
    };
    catalog.routing.auto.tiers.forEach((tier, index) => needGroup(tier.group, ['routing', 'auto', 'tiers', index, 'group']));
    if (catalog.routing.auto.tiers.at(-1)?.max_score !== 1) {
      ctx.addIssue({ code: 'custom', path: ['routing', 'auto', 'tiers'], message: 'the last tier must have max_score 1, so every request has one' });
    }
    needGroup(catalog.routing.cascade.cheap, ['routing', 'cascade', 'cheap']);
    needGroup(catalog.routing.cascade.strong, ['routing', 'cascade', 'strong']);
  });

export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogModel = z.infer<typeof catalogModelSchema>;
export type EquivalentSet = z.infer<typeof equivalentSetSchema>;
export type Capability = (typeof CAPABILITIES)[number];
export type RoutingSettings = z.infer<typeof routingSettingsSchema>;
