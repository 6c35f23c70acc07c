/**
 * A cost for a header (`x-switchyard-cost-usd`): a plain decimal, rounded to 8 decimal places
 * (a millionth of a cent), trailing zeros dropped, never an exponent: `0.00042`, `1.5`, `0`.
 */
export function formatUsd(cost: number): string {
  if (!Number.isFinite(cost) || cost < 0) throw new RangeError(`not a cost: ${cost}`);
  // toFixed writes plain decimals for anything below 1e21, far beyond any bill.
  const fixed = cost.toFixed(8);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
