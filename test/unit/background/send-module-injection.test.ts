import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { injectSendModule, SEND_MODULE_FILE, sendModuleTarget } from '../../../utils/background/send-module-injection';

describe('send module injection', () => {
  beforeEach(() => fakeBrowser.reset());

  it('targets the sending document where the browser names it, else the sending frame', () => {
    expect(sendModuleTarget({ tabId: 7, url: 'http://127.0.0.1/documents', frameId: 3, documentId: 'DOC-1' })).toEqual({ tabId: 7, documentIds: ['DOC-1'] });
    expect(sendModuleTarget({ tabId: 7, url: 'http://127.0.0.1/documents', frameId: 3 })).toEqual({ tabId: 7, frameIds: [3] });
    expect(sendModuleTarget({ tabId: 7, url: 'http://127.0.0.1/documents', frameId: 0 })).toEqual({ tabId: 7, frameIds: [0] });
  });

  it('injects the built module file into that frame only, and says why when the browser refuses', async () => {
    const executeScript = vi.fn(async () => [{ frameId: 3, result: undefined }]);
    (browser as unknown as { scripting: unknown }).scripting = { executeScript };
    await expect(injectSendModule({ tabId: 7, url: 'http://127.0.0.1/documents', frameId: 3 })).resolves.toEqual({ ok: true });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7, frameIds: [3] }, files: [SEND_MODULE_FILE], injectImmediately: true });

    executeScript.mockRejectedValueOnce(new Error('No frame with id 3 in tab 7.'));
    const refused = await injectSendModule({ tabId: 7, url: 'http://127.0.0.1/documents', frameId: 3 });
    expect(refused).toEqual({ ok: false, message: expect.stringContaining('No frame with id 3 in tab 7.') });
  });
});
