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

/**
 * Send job states (DESIGN.md "Send job"; transitions: utils/outbox/state-machine.ts).
 * queued → creating → created(envelopeId) → sender-view-opened → done (embedded);
 * queued → creating → sent → done (direct); any unfinished state → failed / needs-sign-in /
 * discarded.
 */
export type JobState =
  | 'queued'
  | 'creating'
  | 'created'
  | 'sender-view-opened'
  | 'sent'
  | 'done'
  | 'failed'
  | 'needs-sign-in'
  | 'discarded';

export const JOB_STATES: readonly JobState[] = [
  'queued',
  'creating',
  'created',
  'sender-view-opened',
  'sent',
  'done',
  'failed',
  'needs-sign-in',
  'discarded',
];

/** Why a job is waiting (retry-timing's reasons; 'refresh': due at once after a token refresh). */
export type JobWaitKind =
  | 'rate_limited_hourly'
  | 'rate_limited_burst'
  | 'polling_limited'
  | 'server'
  | 'network'
  | 'bad_response'
  | 'refresh';

/** A job's last failure, token-free (DocuSign's kinds plus the outbox's own). */
export interface JobError {
  /** A DocuSignApiErrorKind, or 'needs_sign_in' | 'account_changed' | 'profile_missing' | 'document_missing' | 'open_failed' | 'unexpected'. */
  kind: string;
  message: string;
  /** DocuSign's errorCode, when there was one. */
  errorCode?: string;
  /** HTTP status (0: no response). */
  status?: number;
}

/** How an embedded job ended (from the sender view's `event`, or from the envelope status). */
export type JobOutcomeKind = 'sent' | 'draft-saved' | 'cancelled';

/**
 * A send job as stored (outbox). Never holds a token. The document bytes live in the
 * `jobDocuments` store (same key) so that listing jobs never loads documents; `storedBytes` says
 * how many bytes are kept there (0 once purged).
 */
export interface JobRecord {
  /** = DocuSign `transactionId` (a UUID). */
  id: string;
  /** Record format version. */
  v: 1;
  state: JobState;
  mode: 'embedded' | 'direct';
  /**
   * Direct mode, one call (the profile's directSend "one-call", fixed when the job was queued):
   * the envelope is created with status "sent"; otherwise every envelope starts as a draft.
   */
  sendOnCreate?: true;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms of the last persisted transition; indexed (`by-updated`). */
  updatedAt: number;
  hostUser: { origin: string; id: string; email?: string; name?: string };
  /** `${origin}|${id}` (config's selectionKey); indexed (`by-host-user`). */
  hostUserKey: string;
  hostPageUrl: string;
  /** Indexed (`by-document`), for the per-document badge. */
  documentUrl: string;
  /** Indexed (`by-profile`). */
  profileId: string;
  profileLabel?: string;
  /** The profile's configured account id at enqueue (when the profile names one). */
  expectedAccountId?: string;
  /** The verified account the job is bound to (session at enqueue, or at the first run when signed out then). */
  account?: { accountId: string; accountName: string; baseUri: string };
  /** The DocuSign user the job was created as (for the usage report). */
  docuSignUser?: { sub: string; email: string; name: string };
  document: { name: string; fileType: string; contentType?: string; size: number; sha256: string };
  /** Bytes held in `jobDocuments` for this job (0 after purge). */
  storedBytes: number;
  recipients: { name: string; email: string }[];
  subject: string;
  message?: string;
  /** Indexed (`by-envelope`). */
  envelopeId?: string;
  /** Lower case, as DocuSign reports it (created, sent, delivered, completed, ...). */
  envelopeStatus?: string;
  /** Epoch ms the envelope was created or adopted (usage report period). */
  envelopeCreatedAt?: number;
  /** Epoch ms of the last status GET that covered this envelope (15-minute rule). */
  envelopeStatusCheckedAt?: number;
  /**
   * A create request may have reached DocuSign without us seeing the answer: set before every
   * POST, cleared when DocuSign's answer proves nothing was created. While set, the job looks
   * itself up by transactionId before it creates anything.
   */
  createUncertain: boolean;
  /** Consecutive transient failures (server / network / bad response) of the current step. */
  attempts: number;
  /** Create requests sent (diagnostics). */
  createRequests: number;
  /** Epoch ms before which the job is not run. */
  nextAttemptAt?: number;
  waitKind?: JobWaitKind;
  /** e.g. "DocuSign hourly limit for Acme EU". */
  waitReason?: string;
  /** Kind of the previous failure (retry-timing's previousErrorKind). */
  lastErrorKind?: string;
  error?: JobError;
  /** needs-sign-in: the session's signedInAt when it happened; resumed after a newer sign-in. */
  blockedSignedInAt?: number;
  /**
   * Direct mode sends the draft with a second request: set before that PUT, cleared by its answer.
   * While set, the job first reads the envelope's status (the PUT may have gone through unseen).
   */
  sendUncertain?: boolean;
  /** Send (PUT status=sent) requests made (diagnostics). */
  sendRequests?: number;
  /**
   * Epoch ms from which the job's transactionId is checked for duplicate drafts (a create request
   * that reached DocuSign twice: the browser re-sends a POST when a reused connection drops).
   * Indexed (`by-tidy`); removed once checked.
   */
  tidyDueAt?: number;
  /** Failed duplicate checks so far (bounded). */
  tidyAttempts?: number;
  /** Duplicate drafts of this job that the extension deleted. */
  duplicatesDeleted?: number;
  /** Duplicate sent envelopes of this job (one-call sends only) that the extension voided. */
  duplicatesVoided?: number;
  senderViewEvent?: string;
  senderViewOpenedAt?: number;
  senderViewCount?: number;
  outcome?: JobOutcomeKind;
  finishedAt?: number;
}

/** A job's document bytes (store `jobDocuments`, key = job id). */
export interface JobDocumentRecord {
  jobId: string;
  bytes: Uint8Array;
}

export interface SwdDBSchema extends DBSchema {
  refreshTokens: {
    key: string;
    value: RefreshTokenRecord;
  };
  jobs: {
    key: string;
    value: JobRecord;
    indexes: {
      'by-state': string;
      'by-updated': number;
      'by-host-user': string;
      'by-profile': string;
      'by-envelope': string;
      'by-document': string;
      'by-tidy': number;
    };
  };
  jobDocuments: {
    key: string;
    value: JobDocumentRecord;
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
  // 1 -> 2: the outbox's document bytes apart from the job records; job indexes for the popup,
  // the per-document badges, status refresh and the usage report.
  (db, tx) => {
    db.createObjectStore('jobDocuments', { keyPath: 'jobId' });
    const jobs = tx.objectStore('jobs');
    jobs.createIndex('by-host-user', 'hostUserKey');
    jobs.createIndex('by-profile', 'profileId');
    jobs.createIndex('by-envelope', 'envelopeId');
    jobs.createIndex('by-document', 'documentUrl');
  },
  // 2 -> 3: jobs whose transactionId is still to be checked for duplicate drafts.
  (_db, tx) => {
    tx.objectStore('jobs').createIndex('by-tidy', 'tidyDueAt');
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
