import { afterAll, beforeAll, expect } from 'vitest';
import { importLocalConfig } from './configure';
import { launchWithExtension, type ExtensionBrowser } from './extension';
import { examplePolicyFor, startStack, type Stack } from './stack';

export interface ExampleSetup {
  stack: Stack;
  browser: ExtensionBrowser;
}

/**
 * For one describe block: the emulator and demo host app, and Chromium with the built extension
 * configured with the README's example (imported as a tester would), closed after the block.
 * Read the fields inside tests and hooks; they are set in beforeAll.
 */
export function useExampleSetup(): ExampleSetup {
  const setup = {} as ExampleSetup;
  beforeAll(async () => {
    setup.stack = await startStack({ autoApprove: true });
    setup.browser = await launchWithExtension();
    const result = await importLocalConfig(setup.browser, examplePolicyFor(setup.stack.emulator));
    expect(result.rejected).toEqual([]);
  });
  afterAll(async () => {
    await setup.browser?.close();
    await setup.stack?.close();
  });
  return setup;
}
