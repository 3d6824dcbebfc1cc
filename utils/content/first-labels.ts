import {
  buttonChoose,
  buttonForProfile,
  buttonReadyDescription,
  buttonReadyDescriptionSignedIn,
  buttonSend,
  buttonSendDocument,
  buttonSignIn,
  buttonSignInDescription,
  buttonUnavailable,
  buttonWhere,
} from '../../public/_locales/en/messages.json';
import type { ChromeMessage } from '../i18n';

/**
 * The strings of the first buttons' labels, bundled (useBundledMessages): t() reads them until the background's copy of
 * the catalogue (content:messages) arrives. On a page parsed within ~150 ms that copy often comes
 * after DOMContentLoaded (round trips of 20-250 ms measured), and the first label then called
 * i18n.getMessage, whose first call in a page is a synchronous IPC to the browser process, inside
 * the DOMContentLoaded listener.
 *
 * Named imports, listed again below, because Vite tree-shakes named JSON imports: a default import
 * would bundle the whole catalogue. Not bundled: targetChoose, the 'choose' description, which the
 * background's 'choose' target carries as its message already (utils/background/targets.ts).
 *
 * The extension ships one locale (en), so these are exactly what getMessage would return; a test
 * (test/unit/content/first-labels.test.ts) fails when a second locale appears, because then the
 * bundled strings must be chosen by i18n.getUILanguage() the way Chromium picks a catalogue.
 */
export const FIRST_LABEL_MESSAGES: Readonly<Record<string, ChromeMessage>> = {
  buttonChoose,
  buttonForProfile,
  buttonReadyDescription,
  buttonReadyDescriptionSignedIn,
  buttonSend,
  buttonSendDocument,
  buttonSignIn,
  buttonSignInDescription,
  buttonUnavailable,
  buttonWhere,
};
