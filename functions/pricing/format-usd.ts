/**
 * A cost for a header (`x-switchyard-cost-usd`): a plain decimal with up to 8 significant digits,
 * trailing zeros dropped, never an exponent: `0.00042`, `1.5`, `0`. Significant digits rather than
 * fixed places, so the cost of a call of a few tokens is not rounded to nothing.
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd < 0) throw new RangeError(`not a cost: ${usd}`);
  if (usd === 0) return '0';
  const decimals = Math.min(20, Math.max(0, 8 - Math.floor(Math.log10(usd)) - 1));
  return usd.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
