/**
 * Parse options for what a process validates once or rarely (the configuration, the catalog, the
 * price rows a refresh reads): zod compiles an object schema's parser with `new Function` on its
 * first parse, which pays back only over many parses and, at a cold start, costs more than the
 * parse itself. Request bodies, parsed on every call, keep the compiled parser.
 */
export const PARSE_ONCE = { jitless: true } as const;
