// The outbox's IndexedDB migrations (1 → 2: documents apart from job records, job indexes; 2 → 3: duplicate-check index).
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SWD_DB_VERSION, openSwdDbWith, type JobRecord } from '../../../utils/db';
import { jobRecord } from './fixtures';

const TEST_DB = 'swd-outbox-migration-test';

afterEach(async () => {
  await deleteDB(TEST_DB);
});

describe('jobs store migration', () => {
  it('upgrades a version 1 database without losing data and adds jobDocuments and the job indexes', async () => {
    const v1 = await openSwdDbWith(TEST_DB, MIGRATIONS.slice(0, 1));
    await v1.put('refreshTokens', { profileId: 'p1', refreshToken: 'keep-me', updatedAt: 1 });
    await v1.put('jobs', { id: 'old', state: 'failed', updatedAt: 2 } as JobRecord);
    v1.close();

    const db = await openSwdDbWith(TEST_DB, MIGRATIONS);
    expect(db.version).toBe(SWD_DB_VERSION);
    expect(SWD_DB_VERSION).toBe(3);
    expect([...db.objectStoreNames].sort()).toEqual(['jobDocuments', 'jobs', 'refreshTokens']);
    expect([...db.transaction('jobs').store.indexNames].sort()).toEqual([
      'by-document',
      'by-envelope',
      'by-host-user',
      'by-profile',
      'by-state',
      'by-tidy',
      'by-updated',
    ]);
    expect(db.transaction('jobDocuments').store.keyPath).toBe('jobId');
    expect(await db.get('refreshTokens', 'p1')).toMatchObject({ refreshToken: 'keep-me' });
    expect(await db.get('jobs', 'old')).toMatchObject({ state: 'failed' });

    const a = jobRecord('done', { envelopeId: 'env-A' });
    const b = jobRecord('queued', { hostUserKey: 'https://h.example|u-2', documentUrl: 'https://h.example/f/2' });
    await db.put('jobs', a);
    await db.put('jobs', b);
    await db.put('jobDocuments', { jobId: b.id, bytes: new Uint8Array([1, 2, 3]) });
    expect((await db.getAllFromIndex('jobs', 'by-envelope', 'env-A')).map((j) => j.id)).toEqual([a.id]);
    expect((await db.getAllFromIndex('jobs', 'by-host-user', 'https://h.example|u-2')).map((j) => j.id)).toEqual([b.id]);
    expect((await db.getAllFromIndex('jobs', 'by-document', 'https://h.example/f/2')).map((j) => j.id)).toEqual([b.id]);
    expect((await db.getAllFromIndex('jobs', 'by-profile', 'acme-eu')).map((j) => j.id).sort()).toEqual([a.id, b.id].sort());
    expect((await db.get('jobDocuments', b.id))?.bytes).toEqual(new Uint8Array([1, 2, 3]));
    db.close();
  });

  it('upgrades a version 2 database: jobs due for the duplicate check are found by index, others are not', async () => {
    const v2 = await openSwdDbWith(TEST_DB, MIGRATIONS.slice(0, 2));
    const old = jobRecord('done', { envelopeId: 'env-old' });
    await v2.put('jobs', old);
    v2.close();
    const db = await openSwdDbWith(TEST_DB, MIGRATIONS);
    const due = jobRecord('sent', { envelopeId: 'env-1', tidyDueAt: 1_000 });
    const later = jobRecord('done', { envelopeId: 'env-2', tidyDueAt: 5_000 });
    await db.put('jobs', due);
    await db.put('jobs', later);
    expect(await db.get('jobs', old.id)).toMatchObject({ envelopeId: 'env-old' });
    expect((await db.getAllFromIndex('jobs', 'by-tidy', IDBKeyRange.upperBound(2_000))).map((j) => j.id)).toEqual([due.id]);
    expect(await db.countFromIndex('jobs', 'by-tidy')).toBe(2);
    db.close();
  });
});
