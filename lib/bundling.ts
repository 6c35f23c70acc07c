/**
 * How every Lambda entry is bundled, in one place: the stack's NodejsFunctions and `npm run size`
 * use these same esbuild options, so the size printed is the size deployed.
 */
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (holds package.json and package-lock.json). */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the Lambda entries named in `FUNCTIONS` live. */
export const FUNCTIONS_DIR = join(PROJECT_ROOT, 'functions');

/**
 * Bundled CommonJS dependencies may still call `require` for Node built-ins; an ESM bundle has no
 * `require`, so one is created at the top of the file (without an ESM import: see below).
 */
const REQUIRE_BANNER = "const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);";

/**
 * An ESM `import` of a Node built-in builds its ESM facade, which reads every export, lazy getters
 * included: `node:http`'s load Node's internal undici (WebSocket, fetch), `node:crypto`'s
 * webcrypto, `node:fs`'s streams (nodejs/node#59686). Taken with `process.getBuiltinModule`
 * instead, as `require` takes them, the 19 built-ins the gateway imports cost a cold start 34 ms
 * here instead of 77 (medians of 9 fresh processes on one core). So every built-in is aliased to a
 * one-line CommonJS module that does that (esbuild then reads its exports as properties, when
 * used); the bundle tests fail on any ESM import of a built-in left in a bundle.
 */
/** Where the one-line modules are written, under node_modules' conventional cache. */
const BUILTINS_DIR = join(PROJECT_ROOT, 'node_modules', '.cache', 'switchyard-node-builtins');

/**
 * Built-ins a dependency imports that the functions never use, loaded only once an export is read.
 * Lambda's runtime starts node with `--expose-gc`, which makes Node compile each built-in from
 * source as it loads rather than take it from its code cache: `node:stream/web`, which @middy/core
 * imports for an `instanceof ReadableStream` that a Node stream's body never reaches, cost each
 * cold start 6.5 ms here (`npm run bench:coldstart` runs with the runtime's flags).
 */
const LAZY_BUILTINS: ReadonlySet<string> = new Set(['node:stream/web']);

/** A module whose exports are the built-in's, each a getter that loads it when first read. */
function lazyBuiltinModule(id: string): string {
  // The names it exports on the Node that builds: one it lacks reads as undefined, as it would there.
  const names = Object.keys(process.getBuiltinModule(id) as object);
  const getters = names.map((name) => `${JSON.stringify(name)}: { enumerable: true, get: () => load()[${JSON.stringify(name)}] }`);
  return `let loaded;\nconst load = () => (loaded ??= process.getBuiltinModule(${JSON.stringify(id)}));\nmodule.exports = Object.defineProperties({}, { ${getters.join(', ')} });\n`;
}

/**
 * esbuild's aliases from each built-in's names (`http`, `node:http`) to its module, written when
 * first asked for (the same content for one Node version, so any build may write it again). Each is
 * written beside its place and renamed into it, so a build running at the same time (the tests run
 * several) never reads one half written.
 */
function nodeBuiltinAliases(): Record<string, string> {
  mkdirSync(BUILTINS_DIR, { recursive: true });
  const aliases: Record<string, string> = {};
  // Sub-paths (util/types) too, as an alias also matches the paths under its name; `node:`-only ones (node:sqlite) once.
  for (const name of builtinModules.filter((module) => !module.startsWith('_'))) {
    const id = name.startsWith('node:') ? name : `node:${name}`;
    const file = join(BUILTINS_DIR, `${id.slice('node:'.length).replaceAll('/', '-')}.cjs`);
    const written = `${file}.${process.pid}`;
    writeFileSync(written, LAZY_BUILTINS.has(id) ? lazyBuiltinModule(id) : `module.exports = process.getBuiltinModule(${JSON.stringify(id)});\n`);
    renameSync(written, file);
    aliases[id] = file;
    if (id !== name) aliases[name] = file;
  }
  return aliases;
}

/** The esbuild settings, as plain data both consumers translate. */
const ESBUILD = {
  /** Lambda's nodejs24.x runtime. */
  target: 'node24',
  format: 'esm',
  minify: true,
  /**
   * A source map beside the bundle, without the sources (smaller), for readable stack traces when
   * asked for: Node loads it only with `NODE_OPTIONS=--enable-source-maps`, which the functions do
   * not set, since parsing it costs every cold start tens of milliseconds and about 20 MB.
   */
  sourcemap: true,
  sourcesContent: false,
  banner: REQUIRE_BANNER,
  /** Prefer packages' ESM builds (the AWS SDK ships both): smaller bundles, better tree-shaking. */
  mainFields: ['module', 'main'],
  /**
   * Nothing external but the side modules below, the AWS SDK included: the deployed code runs the
   * SDK version the lockfile pins, not whichever one the runtime happens to ship.
   */
  external: [] as string[],
} as const;

/**
 * Modules kept out of index.mjs and built as files of their own beside it, for code that loads
 * them when it needs them (`await import('#o200k')`) rather than at every cold start: each is an
 * entry of package.json's "imports" (the package when run from source), and the asset's own
 * package.json maps the same name to the file beside the bundle.
 */
export const SIDE_MODULES = [
  /** The exact token counter's 2.7 MB of tables (functions/routing/exact-token-counter.ts). */
  { specifier: '#o200k', file: 'o200k.mjs' },
  /** AWS's default credential chain, for a process without keys in its environment (functions/aws/aws-credentials.ts). */
  { specifier: '#aws-credential-chain', file: 'aws-credential-chain.mjs' },
  /** The SDK's S3 client, for the rare object read or written (functions/aws/s3/s3-client.ts). */
  { specifier: '#aws-s3', file: 'aws-s3.mjs' },
] as const;

/** The package.json written beside index.mjs: where each side module is. */
export const SIDE_MODULES_PACKAGE_JSON = JSON.stringify({ imports: Object.fromEntries(SIDE_MODULES.map(({ specifier, file }) => [specifier, `./${file}`])) });

/** Where package.json's "imports" sends the specifier when run from source: the side module's entry. */
const sideModulePath = (specifier: string): string => fileURLToPath(import.meta.resolve(specifier));
const ESBUILD_BIN = join(PROJECT_ROOT, 'node_modules', '.bin', 'esbuild');
const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** NodejsFunction's bundling: local esbuild from node_modules, never Docker. */
export const cdkBundling = (): BundlingOptions => ({
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: ESBUILD.target,
  minify: ESBUILD.minify,
  sourceMap: ESBUILD.sourcemap,
  sourcesContent: ESBUILD.sourcesContent,
  banner: ESBUILD.banner,
  mainFields: [...ESBUILD.mainFields],
  externalModules: [...ESBUILD.external, ...SIDE_MODULES.map(({ specifier }) => specifier)],
  // NodejsFunction passes these to esbuild's command line as --alias:<name>=<file>.
  esbuildArgs: Object.fromEntries(Object.entries(nodeBuiltinAliases()).map(([name, file]) => [`--alias:${name}`, file])),
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    // Each side module bundled on its own (the same target, minified, no source map), and the package.json that finds it.
    afterBundling: (_inputDir, outputDir) => [
      ...SIDE_MODULES.map(({ specifier, file }) =>
        [ESBUILD_BIN, sideModulePath(specifier), '--bundle', '--platform=node', `--format=${ESBUILD.format}`, `--target=${ESBUILD.target}`, `--main-fields=${ESBUILD.mainFields.join(',')}`, `--banner:js=${ESBUILD.banner}`, '--minify', '--log-level=warning', `--outfile=${join(outputDir, file)}`]
          .map(shellQuote)
          .join(' '),
      ),
      `printf '%s' ${shellQuote(SIDE_MODULES_PACKAGE_JSON)} > ${shellQuote(join(outputDir, 'package.json'))}`,
    ],
  },
});

/** The same settings for esbuild's API (`npm run size`). */
export const esbuildOptions = (entry: string): BuildOptions => ({
  entryPoints: [join(FUNCTIONS_DIR, entry)],
  bundle: true,
  platform: 'node',
  outfile: 'index.mjs',
  target: ESBUILD.target,
  format: ESBUILD.format,
  minify: ESBUILD.minify,
  sourcemap: ESBUILD.sourcemap,
  sourcesContent: ESBUILD.sourcesContent,
  banner: { js: ESBUILD.banner },
  mainFields: [...ESBUILD.mainFields],
  alias: nodeBuiltinAliases(),
  external: [...ESBUILD.external, ...SIDE_MODULES.map(({ specifier }) => specifier)],
});

/** The same build of each side module for esbuild's API: the asset's other files, by name. */
export const sideModuleOptions = (): Array<{ file: string; options: BuildOptions }> =>
  SIDE_MODULES.map(({ specifier, file }) => ({
    file,
    options: {
      entryPoints: [sideModulePath(specifier)],
      bundle: true,
      platform: 'node',
      outfile: file,
      format: ESBUILD.format,
      target: ESBUILD.target,
      mainFields: [...ESBUILD.mainFields],
      banner: { js: ESBUILD.banner },
      minify: true,
    },
  }));
