import { t, type MessageKey } from '../utils/i18n';

/** A translator: `t` in the extension; tests pass one that reads messages.json. */
export type Tr = (key: MessageKey, substitutions?: string | string[]) => string;

export { t };
export type { MessageKey };
