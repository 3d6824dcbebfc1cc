import type { MessageKey as Key } from '../utils/i18n';

/** A translator: `t` from utils/i18n in the extension; tests pass one that reads messages.json. */
export type Tr = (key: Key, substitutions?: string | string[]) => string;
