import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // A file's set-up starts embedded AWS or a gateway process (whose own start-up limit is 15 s):
    // on a loaded machine that can take longer than the 10 s default.
    hookTimeout: 30_000,
  },
});
