/**
 * `npm start`'s entry: main.ts behind Node's compile cache. Node runs this project's TypeScript by
 * stripping the types with a WebAssembly compiler that, once loaded, stays in the process: about
 * 35 MB of the gateway's RSS that a deployed (bundled) gateway does not have. With the cache, the
 * stripped code of files that did not change since the last start is read back and the compiler
 * is never loaded. This file is JavaScript so that it needs no stripping itself.
 *
 * The cache is in NODE_COMPILE_CACHE, else in the system's temporary folder (node-compile-cache).
 */
import { enableCompileCache, flushCompileCache } from 'node:module';

enableCompileCache();
await import('./main.ts');
// Written now rather than at exit: a gateway stopped by SIGKILL would otherwise never write it.
flushCompileCache();
