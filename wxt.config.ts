import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { EXTENSION_PUBLIC_KEY } from './utils/extension-identity';

// The host app's origins known at build time. Admins can add more at run time through policy
// (host adapters) plus optional host permissions the user grants per site.
const BUILD_HOST_MATCHES = (process.env.SWD_HOST_MATCHES ?? 'http://127.0.0.1/*,http://localhost/*')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

// DocuSign's authorization servers and eSignature servers (every region is a *.docusign.net host).
const DOCUSIGN_HOST_MATCHES = ['https://account-d.docusign.com/*', 'https://account.docusign.com/*', 'https://*.docusign.net/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // Content scripts get WXT's plain `browser` (`chrome` in Chromium, the native `browser` in
    // Firefox) instead of webextension-polyfill: they only call synchronous APIs
    // (i18n.getMessage, runtime.id) and ports (runtime.connect), and @webext-core/messaging uses
    // `chrome` itself, so the polyfill's promise wrappers and API metadata (about 6 kB minified)
    // would be dead weight in every host page. Extension pages and the background keep it.
    'vite:build:extendConfig': (entrypoints, config) => {
      // The send flow (entrypoints/send-module, injected into host pages on demand) likewise.
      if (entrypoints.length === 0 || !entrypoints.every((e) => e.type === 'content-script' || e.type === 'unlisted-script')) return;
      const plain = fileURLToPath(new URL('./node_modules/wxt/dist/browser.mjs', import.meta.url));
      const resolve = (config.resolve ??= {});
      const alias = resolve.alias;
      if (Array.isArray(alias)) alias.unshift({ find: /^wxt\/browser$/, replacement: plain });
      else resolve.alias = { ...(alias as Record<string, string> | undefined), 'wxt/browser': plain };
    },
  },
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // A fixed key gives a fixed extension ID in Chromium builds, so the OAuth redirect URI
    // (https://<id>.chromiumapp.org/) that admins register on the integration key never changes.
    // Store uploads leave it out (the store assigns the ID): SWD_STORE_BUILD=1.
    ...(browser !== 'firefox' && !process.env.SWD_STORE_BUILD ? { key: EXTENSION_PUBLIC_KEY } : {}),
    // webRequest: observe (never block) the login redirect, see utils/background/auth-redirect-recovery.ts.
    // activeTab: the popup may read the current tab's site to offer "Enable on this site".
    permissions: ['storage', 'identity', 'alarms', 'scripting', 'webRequest', 'activeTab'],
    host_permissions: [...BUILD_HOST_MATCHES, ...DOCUSIGN_HOST_MATCHES],
    optional_host_permissions: manifestVersion === 3 ? ['https://*/*', 'http://*/*'] : undefined,
    ...(browser !== 'firefox' ? { storage: { managed_schema: 'managed_schema.json' } } : {}),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'send-with-docusign@example.com', strict_min_version: '128.0' } } }
      : {}),
    action: { default_title: '__MSG_actionTitle__' },
  }),
});
