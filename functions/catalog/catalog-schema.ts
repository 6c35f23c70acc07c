/**
 * The model catalog: short aliases, capabilities and limits for the models a team uses. It is
 * optional for routing (`provider/model` always works) and validated at start-up, so a typo in
 * it stops the gateway instead of surfacing as a confusing error on some later request.
 */
import { z } from 'zod';
import { findProvider } from '../providers/provider-registry.ts';

export const CAPABILITIES = ['tools', 'vision', 'json_schema', 'reasoning', 'audio', 'pdf'] as const;

export const catalogModelSchema = z.strictObject({
  /** `provider/model`, the model part exactly as the provider names it. */
  id: z
    .string()
    .regex(/^[a-z0-9-]+\/\S+$/, 'must be provider/model')
    .refine((id) => findProvider(id.slice(0, id.indexOf('/'))) !== undefined, 'names a provider the gateway does not know'),
  aliases: z.array(z.string().min(1)).default([]),
  /** Release date, for the `created` field of `GET /v1/models`. */
  released: z.iso.date(),
  context_window: z.int().positive(),
  max_output_tokens: z.int().positive(),
  capabilities: z.array(z.enum(CAPABILITIES)).default([]),
});

export const catalogSchema = z
  .strictObject({ models: z.array(catalogModelSchema) })
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
  });

export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogModel = z.infer<typeof catalogModelSchema>;
export type Capability = (typeof CAPABILITIES)[number];
