import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Demo host app tests: `npx vitest run --root /work/main --config test/host-app/vitest.config.ts`
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    environment: 'node',
    include: ['test/host-app/**/*.test.ts'],
    testTimeout: 10_000,
  },
});
