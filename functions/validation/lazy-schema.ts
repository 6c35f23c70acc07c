/**
 * A zod schema built on its first use rather than when its module loads. Building zod 4 schemas
 * costs: the three front doors' request schemas took about 25 ms of a gateway's cold start here,
 * though an instance serving one door uses one of them. The Vercel AI SDK builds its own lazily
 * for the same reason (vercel/ai#9275).
 */
export function lazySchema<Schema>(build: () => Schema): () => Schema {
  let schema: Schema | undefined;
  return () => (schema ??= build());
}
