import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    // A file's set-up starts embedded AWS or a gateway process (whose own start-up limit is 15 s):
    // on a loaded machine that can take longer than the 10 s default.
    hookTimeout: 30_000,
    // Two files at a time on this project's 2-core machines (Vitest's default is one fewer than the
    // cores): most files wait on child processes and sockets more than they compute.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // The stack tests import aws-cdk-lib (seconds a file) and read no environment at import:
        // they share their workers' modules. Every other file is isolated, since the functions'
        // entries read process.env when imported.
        // Processes, not threads: CDK's local bundling spawns esbuild with the test's stdio.
        test: { name: 'stack', include: ['test/stack/**/*.test.ts'], pool: 'forks', isolate: false },
      },
      {
        extends: true,
        // A thread per file starts faster than a process; each has its own copy of process.env.
        test: { name: 'rest', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/stack/**'], pool: 'threads' },
      },
    ],
  },
});
