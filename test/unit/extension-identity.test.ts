import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_EXTENSION_ID, CHROMIUM_REDIRECT_URI, EXTENSION_PUBLIC_KEY } from '../../utils/extension-identity';

describe('fixed extension identity', () => {
  it('the ID is derived from the manifest key as Chromium does (sha256 of the DER key, a-p)', () => {
    const hex = createHash('sha256').update(Buffer.from(EXTENSION_PUBLIC_KEY, 'base64')).digest('hex').slice(0, 32);
    const id = [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
    expect(id).toBe(CHROMIUM_EXTENSION_ID);
    expect(CHROMIUM_REDIRECT_URI).toBe(`https://${id}.chromiumapp.org/`);
  });
});
