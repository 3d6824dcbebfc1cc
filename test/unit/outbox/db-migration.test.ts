// The outbox's IndexedDB migration (version 1 → 2): documents apart from job records, job indexes.
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
    expect(SWD_DB_VERSION).toBe(2);
    expect([...db.objectStoreNames].sort()).toEqual(['jobDocuments', 'jobs', 'refreshTokens']);
    expect([...db.transaction('jobs').store.indexNames].sort()).toEqual([
      'by-document',
      'by-envelope',
      'by-host-user',
      'by-profile',
      'by-state',
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
});
