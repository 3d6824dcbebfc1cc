/**
 * IndexedDB access for the outbox. Every transition is one readwrite transaction over `jobs` and
 * `jobDocuments`: read the current record, apply the pure state machine, write (and purge the bytes
 * when the transition says so). Concurrent actions (the user discards while a request is under way)
 * therefore always apply to the current record, never to a stale copy.
 */
import { openSwdDb, type JobDocumentRecord, type JobRecord } from '../db';
import { nextState, type JobOutcome, type Transition } from './state-machine';

export interface Applied {
  /** The record before the outcome. */
  before: JobRecord;
  transition: Transition;
  /** The record after (= before when rejected or unchanged). */
  job: JobRecord;
  /** Whether a new version was written. */
  written: boolean;
}

export async function readJob(id: string): Promise<JobRecord | undefined> {
  const db = await openSwdDb();
  return db.get('jobs', id);
}

export async function readDocumentBytes(id: string): Promise<Uint8Array | undefined> {
  const db = await openSwdDb();
  return (await db.get('jobDocuments', id))?.bytes;
}

export async function allJobs(): Promise<JobRecord[]> {
  const db = await openSwdDb();
  return db.getAll('jobs');
}

export async function jobsByIndex(
  index: 'by-host-user' | 'by-document' | 'by-envelope' | 'by-profile' | 'by-state',
  key: string,
): Promise<JobRecord[]> {
  const db = await openSwdDb();
  return db.getAllFromIndex('jobs', index, key);
}

/** Bytes currently held for all jobs together. */
export async function storedBytesTotal(): Promise<number> {
  return (await allJobs()).reduce((sum, j) => sum + (j.storedBytes ?? 0), 0);
}

export class CapExceeded extends Error {
  constructor(readonly used: number) {
    super('cap exceeded');
  }
}

/**
 * Writes a new job and its bytes, in one transaction that first sums the bytes already stored:
 * over the cap → nothing is written and CapExceeded is thrown.
 */
export async function insertJob(record: JobRecord, bytes: Uint8Array, cap: number): Promise<void> {
  const db = await openSwdDb();
  const tx = db.transaction(['jobs', 'jobDocuments'], 'readwrite');
  const jobs = tx.objectStore('jobs');
  let used = 0;
  let cursor = await jobs.openCursor();
  while (cursor) {
    used += cursor.value.storedBytes ?? 0;
    cursor = await cursor.continue();
  }
  if (used + record.storedBytes > cap) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new CapExceeded(used);
  }
  const doc: JobDocumentRecord = { jobId: record.id, bytes };
  await Promise.all([jobs.add(record), tx.objectStore('jobDocuments').put(doc), tx.done]);
}

/** Test and recovery helper: writes a record as is (no state machine). */
export async function putJobRecord(record: JobRecord, bytes?: Uint8Array): Promise<void> {
  const db = await openSwdDb();
  const tx = db.transaction(['jobs', 'jobDocuments'], 'readwrite');
  const writes: Promise<unknown>[] = [tx.objectStore('jobs').put(record)];
  if (bytes) writes.push(tx.objectStore('jobDocuments').put({ jobId: record.id, bytes }));
  await Promise.all([...writes, tx.done]);
}

/** Applies an outcome to the current record atomically. undefined: no such job. */
export async function applyOutcome(id: string, outcome: JobOutcome, now: number): Promise<Applied | undefined> {
  const db = await openSwdDb();
  const tx = db.transaction(['jobs', 'jobDocuments'], 'readwrite');
  const before = await tx.objectStore('jobs').get(id);
  if (!before) {
    await tx.done;
    return undefined;
  }
  const transition = nextState(before, outcome, { now });
  let written = false;
  const writes: Promise<unknown>[] = [];
  if (transition.ok && transition.changed) {
    writes.push(tx.objectStore('jobs').put(transition.job));
    if (transition.effects.purge) writes.push(tx.objectStore('jobDocuments').delete(id));
    written = true;
  }
  await Promise.all([...writes, tx.done]);
  return { before, transition, job: transition.ok ? transition.job : before, written };
}

/**
 * Records that a status GET is about to cover these envelopes (before the request, so that even a
 * request whose answer is lost counts towards the 15-minute rule). Returns the updated records.
 */
export async function markStatusChecked(envelopeIds: readonly string[], at: number): Promise<JobRecord[]> {
  const db = await openSwdDb();
  const tx = db.transaction('jobs', 'readwrite');
  const index = tx.store.index('by-envelope');
  const updated: JobRecord[] = [];
  for (const envelopeId of envelopeIds) {
    for (const job of await index.getAll(envelopeId)) {
      const next = { ...job, envelopeStatusCheckedAt: at };
      await tx.store.put(next);
      updated.push(next);
    }
  }
  await tx.done;
  return updated;
}

/** Jobs whose transactionId is due for the duplicate check (tidy.ts), oldest due first. */
export async function jobsDueForTidy(at: number): Promise<JobRecord[]> {
  const db = await openSwdDb();
  return db.getAllFromIndex('jobs', 'by-tidy', IDBKeyRange.upperBound(at));
}

/** The earliest pending duplicate check, if any. */
export async function earliestTidyDue(): Promise<number | undefined> {
  const db = await openSwdDb();
  const cursor = await db.transaction('jobs').store.index('by-tidy').openCursor();
  return cursor?.value.tidyDueAt;
}

/**
 * Records the result of a duplicate check on the current record (read and written in one
 * transaction; only the check's own fields change, whatever state the job has reached meanwhile).
 */
export async function recordTidy(
  id: string,
  result: { done: true; deleted: number; voided: number } | { done: false; retryAt: number | undefined; failed: boolean },
): Promise<void> {
  const db = await openSwdDb();
  const tx = db.transaction('jobs', 'readwrite');
  const job = await tx.store.get(id);
  if (job) {
    const next: JobRecord = { ...job };
    delete next.tidyDueAt;
    if (result.done) {
      delete next.tidyAttempts;
      if (result.deleted > 0) next.duplicatesDeleted = (job.duplicatesDeleted ?? 0) + result.deleted;
      if (result.voided > 0) next.duplicatesVoided = (job.duplicatesVoided ?? 0) + result.voided;
    } else {
      if (result.failed) next.tidyAttempts = (job.tidyAttempts ?? 0) + 1;
      if (result.retryAt !== undefined) next.tidyDueAt = result.retryAt;
    }
    await tx.store.put(next);
  }
  await tx.done;
}
