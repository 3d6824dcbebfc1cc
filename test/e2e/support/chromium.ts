import { existsSync } from 'node:fs';

/**
 * Finds a Chromium that honours --load-extension. Branded Google Chrome ignores that switch,
 * so only Chromium builds are considered.
 * Order: $CHROMIUM_PATH, Debian's package, Playwright's own download (machines with network).
 */
export async function findChromium(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new ChromiumNotFoundError(`CHROMIUM_PATH is set to "${fromEnv}" but no file is there.`);
  }
  // The Debian wrapper /usr/bin/chromium works too but prints a harmless error; prefer the binary.
  for (const candidate of ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  try {
    const { chromium } = await import('playwright-core');
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // playwright-core knows no bundled browser on this machine: fall through to the message.
  }
  throw new ChromiumNotFoundError('No Chromium found.');
}

export class ChromiumNotFoundError extends Error {
  constructor(reason: string) {
    super(
      `${reason} The browser tests need Chromium (not branded Chrome, which ignores --load-extension). ` +
        'On Debian/Ubuntu: `sudo apt-get install -y chromium`. Elsewhere: set CHROMIUM_PATH to a Chromium ' +
        'binary, or run `npx playwright install chromium` on a machine with network access.',
    );
    this.name = 'ChromiumNotFoundError';
  }
}
