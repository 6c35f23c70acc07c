/**
 * The flags Lambda's Node.js runtime starts `node` with, for a function of `memoryMb`: its
 * bootstrap script (`/var/runtime/bootstrap` in the runtime's image) exposes `gc`, allows 80 KiB
 * of headers, and gives the young generation a tenth of the memory (two semi-spaces) and the old
 * generation the rest. The cold-start probe runs with them because they change what a start
 * costs: with `--expose-gc` Node's built-in modules no longer load from its code cache (built for
 * the default flags) but are compiled as they are required.
 */
export function lambdaNodeFlags(memoryMb: number): string[] {
  const newSpaceMb = Math.floor(memoryMb / 10);
  return ['--expose-gc', '--max-http-header-size=81920', `--max-semi-space-size=${Math.floor(newSpaceMb / 2)}`, `--max-old-space-size=${memoryMb - newSpaceMb}`];
}
