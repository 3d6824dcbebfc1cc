import { browser } from 'wxt/browser';
import { completeSignIn } from '../auth';
import { hasSignInInFlight } from './sign-in';

/**
 * Finishes a DocuSign sign-in whose service worker was stopped while the user was in the login
 * window.
 *
 * Why: identity.launchWebAuthFlow hands the redirect URL to the JS call that started it. If the
 * MV3 worker is stopped meanwhile (idle timeout while the user types a password, or a browser
 * decision), Chromium still closes the login window on the redirect but the answer goes nowhere:
 * the code is lost and the user sees nothing happen. The authorization server's redirect to
 * https://<id>.chromiumapp.org/?code=…&state=… is also visible to webRequest.onBeforeRedirect,
 * and a listener registered at start-up wakes a stopped worker. The PKCE verifier and state are in
 * session storage (utils/auth/pkce-login.ts), so the woken worker can complete the exchange.
 *
 * When the worker that called launchWebAuthFlow is still alive, that call finishes the login and
 * this path stands aside (the pending login is single-use, so only one of them could win anyway).
 */
export const AUTH_SERVER_URL_PATTERNS = [
  'https://account-d.docusign.com/oauth/*',
  'https://account.docusign.com/oauth/*',
  // Loopback authorization servers (the project's DocuSign emulator, local testing).
  'http://127.0.0.1/oauth/*',
  'http://localhost/oauth/*',
];

export function watchAuthRedirects(onCompleted: () => void): void {
  const webRequest = (browser as { webRequest?: typeof browser.webRequest }).webRequest;
  if (!webRequest?.onBeforeRedirect) return;
  webRequest.onBeforeRedirect.addListener(
    (details) => {
      const redirectUri = browser.identity.getRedirectURL();
      if (!details.redirectUrl.startsWith(redirectUri)) return;
      if (hasSignInInFlight()) return;
      completeSignIn(details.redirectUrl).then(onCompleted, () => {
        // An unknown/used state (e.g. an old window) or a refusal: the user can sign in again from
        // the button, which shows the current state; nothing was stored.
        onCompleted();
      });
    },
    { urls: AUTH_SERVER_URL_PATTERNS },
  );
}
