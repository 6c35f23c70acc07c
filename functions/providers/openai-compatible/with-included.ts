/** A Responses body that asks for `value` in `include` besides what it asked for already. */
export function withIncluded(body: Readonly<Record<string, unknown>>, value: string): Readonly<Record<string, unknown>> {
  const include: unknown[] = Array.isArray(body['include']) ? body['include'] : [];
  return include.includes(value) ? body : { ...body, include: [...include, value] };
}
