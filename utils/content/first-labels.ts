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
  targetChoose,
} from '../../public/_locales/en/messages.json';
import { chromeMessageTemplate, type ChromeMessage } from '../i18n';

/**
 * The strings of the first buttons' labels, bundled: t() reads them until the background's copy of
 * the catalogue (content:messages) arrives. On a page parsed within ~150 ms that copy often comes
 * after DOMContentLoaded (round trips of 20-250 ms measured), and the first label then called
 * i18n.getMessage, whose first call in a page is a synchronous IPC to the browser process, inside
 * the DOMContentLoaded listener.
 *
 * The extension ships one locale (en), so these are exactly what getMessage would return; a test
 * (test/unit/content/first-labels.test.ts) fails when a second locale appears, because then the
 * bundled strings must be chosen by i18n.getUILanguage() the way Chromium picks a catalogue.
 */
const FIRST_LABEL_MESSAGES: Record<string, ChromeMessage> = {
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
  targetChoose,
};

export function firstLabelTemplates(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(FIRST_LABEL_MESSAGES)) out[key] = chromeMessageTemplate(message);
  return out;
}
