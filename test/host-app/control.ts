/** Test controls: fault injection for file downloads and a log of downloads. */

export interface HostConfig {
  /** File downloads behave as if the session had expired (302 to /login), pages still work. */
  sessionExpired: boolean;
  /** One-shot: the next file download answers this status (200-599), then back to null. */
  fileStatus: number | null;
  /** Delay before every file download answers, in ms (0-60000). */
  fileDelayMs: number;
}

export type HostConfigPatch = Partial<HostConfig>;

export interface FileRequest {
  at: string;
  method: string;
  docId: string;
  fileName: string;
  /** Host user of the session cookie, if any. */
  userId: string | null;
  status: number;
  bytes: number;
}

export interface HostControl {
  /** A copy of the current configuration. */
  config(): HostConfig;
  /** Same as `POST /__host/config`: merges the patch; throws a TypeError on an invalid patch. */
  configure(patch: HostConfigPatch): HostConfig;
  /** Same as `POST /__host/reset`: default configuration, empty download log; `sessions: true` also logs everyone out. */
  reset(options?: { sessions?: boolean }): void;
  /** File downloads since the last reset, oldest first (at most the last 1000). */
  fileRequests(): FileRequest[];
  /** Logs a user in (id, username or email) without HTTP; returns the session cookie. */
  login(userKey: string): { name: string; value: string };
}

export const DEFAULT_CONFIG: Readonly<HostConfig> = { sessionExpired: false, fileStatus: null, fileDelayMs: 0 };

/** Validates an untrusted patch (from JSON). */
export function parsePatch(input: unknown): HostConfigPatch {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('config must be a JSON object');
  const patch: HostConfigPatch = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'sessionExpired') {
      if (typeof value !== 'boolean') throw new TypeError('sessionExpired must be a boolean');
      patch.sessionExpired = value;
    } else if (key === 'fileStatus') {
      if (value !== null && !(Number.isInteger(value) && (value as number) >= 200 && (value as number) <= 599))
        throw new TypeError('fileStatus must be an integer 200-599 or null');
      patch.fileStatus = value as number | null;
    } else if (key === 'fileDelayMs') {
      if (!(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 60000))
        throw new TypeError('fileDelayMs must be an integer 0-60000');
      patch.fileDelayMs = value as number;
    } else {
      throw new TypeError(`unknown config key: ${key}`);
    }
  }
  return patch;
}
