/**
 * One Lambda entry bundled in memory with the stack's esbuild options (lib/bundling.ts), with the
 * metafile that tells what went into it: shared by `npm run size`, `npm run bench:coldstart` and
 * the bundle tests, so each sees the bundle that is deployed.
 */
import { build, type Metafile } from 'esbuild';
import { esbuildOptions, sideModuleOptions, SIDE_MODULES_PACKAGE_JSON } from './bundling.ts';

export interface BuiltBundle {
  code: Uint8Array;
  /** The source map, when the stack's options make one. */
  map: Uint8Array | undefined;
  metafile: Metafile;
}

export interface AssetFile {
  /** The name beside index.mjs. */
  file: string;
  contents: Uint8Array;
}

/** `entry` is relative to functions/ (as in FUNCTIONS), e.g. `gateway.ts`. */
export async function buildBundle(entry: string): Promise<BuiltBundle> {
  const result = await build({ ...esbuildOptions(entry), write: false, metafile: true, logLevel: 'warning' });
  const code = result.outputFiles.find((file) => file.path.endsWith('.mjs'));
  if (code === undefined) throw new Error(`esbuild produced no bundle for ${entry}`);
  const map = result.outputFiles.find((file) => file.path.endsWith('.map'));
  return { code: code.contents, map: map?.contents, metafile: result.metafile };
}

let sideFiles: Promise<AssetFile[]> | undefined;

/**
 * The files every function's asset holds beside index.mjs, loaded only when asked for: the side
 * modules (lib/bundling.ts) and the package.json that maps their names to them. Built once.
 */
export function buildSideFiles(): Promise<AssetFile[]> {
  sideFiles ??= Promise.all(
    sideModuleOptions().map(async ({ file, options }) => {
      const result = await build({ ...options, write: false, logLevel: 'warning' });
      return { file, contents: result.outputFiles[0]!.contents };
    }),
  ).then((modules) => [...modules, { file: 'package.json', contents: new TextEncoder().encode(SIDE_MODULES_PACKAGE_JSON) }]);
  return sideFiles;
}

/**
 * The bundle's bytes by where they come from: a package's name for what is under node_modules,
 * `(project)` for the project's own files; largest first.
 */
export function bundleParts(metafile: Metafile): Array<{ part: string; bytes: number }> {
  const parts = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const part = packageOf(input) ?? '(project)';
      parts.set(part, (parts.get(part) ?? 0) + bytesInOutput);
    }
  }
  return [...parts].map(([part, bytes]) => ({ part, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** `node_modules/@scope/name/...` or `node_modules/name/...` (the innermost node_modules). */
function packageOf(input: string): string | undefined {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [first, second] = input.slice(at + 'node_modules/'.length).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : first;
}
