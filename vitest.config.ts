import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

// Three projects, run in this order by `npm test`:
// - unit: extension logic with WXT's fake browser, happy-dom and fake-indexeddb;
// - node: the DocuSign emulator, the demo host app and the admin CLI, as plain Node code;
// - e2e: the built extension in real Chromium against both servers (needs `wxt build` first).
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest(), preact()],
        test: {
          name: 'unit',
          environment: 'happy-dom',
          setupFiles: ['fake-indexeddb/auto', 'test/unit/setup.ts'],
          include: ['test/unit/**/*.test.{ts,tsx}'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/emulator/**/*.test.ts', 'test/host-app/**/*.test.ts', 'test/node/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          // The browser tests share one machine-wide Chromium policy directory: run files one at a time.
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
