import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/emulator/**/*.test.ts'],
    testTimeout: 15_000,
  },
});
