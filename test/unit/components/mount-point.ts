import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh container in the document for each test, unmounted and removed after it. Call it after
 * the file's own hooks: its afterEach then runs first (hooks run as a stack), so components are
 * unmounted while the file's mocks are still in place.
 */
export function useMountPoint(): { readonly root: HTMLElement } {
  const mount = { root: null as unknown as HTMLElement };
  beforeEach(() => {
    mount.root = document.createElement('div');
    document.body.append(mount.root);
  });
  afterEach(() => {
    act(() => render(null, mount.root));
    mount.root.remove();
  });
  return mount;
}
