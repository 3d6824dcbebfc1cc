import { afterEach, describe, expect, it } from 'vitest';
import { ChromiumNotFoundError, findChromium } from '../e2e/support/chromium';

describe('finding a Chromium for the browser tests', () => {
  const saved = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  });

  it('a CHROMIUM_PATH that points nowhere gives one clear, actionable message', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    const error = await findChromium().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    expect((error as Error).message).toMatch(/CHROMIUM_PATH is set to "\/nonexistent\/chromium"/);
    expect((error as Error).message).toMatch(/apt-get install -y chromium/);
    expect((error as Error).message).toMatch(/branded Chrome/);
  });

  it('an existing CHROMIUM_PATH is used as given', async () => {
    process.env.CHROMIUM_PATH = process.execPath; // any existing file will do for the lookup
    await expect(findChromium()).resolves.toBe(process.execPath);
  });
});
