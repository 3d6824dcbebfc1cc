/**
 * The extension's IndexedDB (owned by the background worker).
 *
 * Versioning: MIGRATIONS[i] upgrades a database from version i to i + 1 and only ever ADDS
 * (stores, indexes, backfills). A new version appends one function; the upgrade runs every
 * migration above the old version inside the versionchange transaction, so data written by older
 * versions is kept. Never edit or reorder a published migration.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { DocuSignUser, VerifiedAccount } from '../auth/types';

export const SWD_DB_NAME = 'send-with-docusign';

/** A profile's DocuSign refresh token (the access token lives in storage.session only). */
export interface RefreshTokenRecord {
  profileId: string;
  refreshToken: string;
  /** Epoch ms, when DocuSign said (refresh_token_expires_in); DocuSign's are about 30 days. */
  expiresAt?: number;
  /** Epoch ms of the last write (sign-in or rotation). */
  updatedAt: number;
  // Not secret. They bind the token to what it was issued for, so a profile whose environment,
  // integration key or account changed is not served a token for the old one, and so the session
  // (who / which account) can be shown and restored after a browser restart clears storage.session.
  issuer?: string;
  clientId?: string;
  user?: DocuSignUser;
  account?: VerifiedAccount;
}

/** Send job states (DESIGN.md "Send job"). `created`/`failed` carry envelopeId / failure fields. */
export type JobState =
  | 'queued'
  | 'creating'
  | 'created'
  | 'sent'
  | 'sender-view-opened'
  | 'done'
  | 'failed'
  | 'needs-sign-in';

/**
 * PLACEHOLDER for the outbox's send job (DESIGN.md "Send job"); the outbox issue owns and refines
 * it. Only `id`, `state` and `updatedAt` are relied on here (key path and indexes); the rest is
 * typed loosely (`unknown`) on purpose.
 */
export interface JobRecord {
  /** = DocuSign `transactionId`. */
  id: string;
  state: JobState;
  /** Epoch ms; indexed (`by-updated`). */
  updatedAt: number;
  createdAt?: number;
  hostUser?: unknown;
  profileId?: string;
  accountId?: string;
  document?: unknown;
  recipients?: unknown;
  subject?: string;
  mode?: 'embedded' | 'direct';
  envelopeId?: string;
  failure?: unknown;
  attempts?: number;
  [field: string]: unknown;
}

export interface SwdDBSchema extends DBSchema {
  refreshTokens: {
    key: string;
    value: RefreshTokenRecord;
  };
  jobs: {
    key: string;
    value: JobRecord;
    indexes: { 'by-state': string; 'by-updated': number };
  };
}

export type SwdDb = IDBPDatabase<SwdDBSchema>;
type UpgradeTx = IDBPTransaction<SwdDBSchema, StoreNames<SwdDBSchema>[], 'versionchange'>;

/**
 * A migration from version i to i + 1. Typed loosely (`any` schema) so later versions can create
 * stores the current schema does not name yet.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Migration = (db: IDBPDatabase<any>, tx: IDBPTransaction<any, any, 'versionchange'>) => void;

export const MIGRATIONS: readonly Migration[] = [
  // 0 -> 1: refresh tokens per profile; the outbox's jobs.
  (db) => {
    db.createObjectStore('refreshTokens', { keyPath: 'profileId' });
    const jobs = db.createObjectStore('jobs', { keyPath: 'id' });
    jobs.createIndex('by-state', 'state');
    jobs.createIndex('by-updated', 'updatedAt');
  },
];

export const SWD_DB_VERSION = MIGRATIONS.length;

/** Runs every migration above `oldVersion` up to `newVersion` (idb's `upgrade` callback). */
export function upgradeSwdDb(
  db: IDBPDatabase<SwdDBSchema>,
  oldVersion: number,
  newVersion: number | null,
  tx: UpgradeTx,
  migrations: readonly Migration[] = MIGRATIONS,
): void {
  const target = newVersion ?? migrations.length;
  for (let version = oldVersion; version < target; version++) {
    const migrate = migrations[version];
    if (!migrate) throw new Error(`No IndexedDB migration from version ${version} to ${version + 1}`);
    migrate(db, tx);
  }
}

/**
 * Opens (and upgrades) a database with the given migrations. Tests use other names and migration
 * lists. When a newer version is opened elsewhere (an updated extension page) this connection
 * closes itself so the upgrade is not blocked; `onClosed` then lets the caller forget it.
 */
export async function openSwdDbWith(
  name: string = SWD_DB_NAME,
  migrations: readonly Migration[] = MIGRATIONS,
  onClosed?: () => void,
): Promise<SwdDb> {
  const db: SwdDb = await openDB<SwdDBSchema>(name, migrations.length, {
    upgrade(upgradeDb, oldVersion, newVersion, tx) {
      upgradeSwdDb(upgradeDb, oldVersion, newVersion, tx, migrations);
    },
    blocking() {
      db.close();
      onClosed?.();
    },
    terminated() {
      onClosed?.();
    },
  });
  return db;
}

let singleton: Promise<SwdDb> | undefined;

/** The extension's database, opened once per JS context (re-opened if it was closed). */
export function openSwdDb(): Promise<SwdDb> {
  if (!singleton) {
    const opening: Promise<SwdDb> = openSwdDbWith(SWD_DB_NAME, MIGRATIONS, () => {
      if (singleton === opening) singleton = undefined;
    });
    singleton = opening;
    // A failed open (quota, private mode) is not cached: the next call tries again.
    opening.catch(() => {
      if (singleton === opening) singleton = undefined;
    });
  }
  return singleton;
}

/** Closes and forgets the singleton (tests; also lets `deleteDB` proceed). */
export async function closeSwdDb(): Promise<void> {
  const current = singleton;
  singleton = undefined;
  if (current) (await current.catch(() => undefined))?.close();
}
