import { afterEach, describe, expect, it } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { closeSwdDb, MIGRATIONS, openSwdDb, openSwdDbWith, SWD_DB_NAME, SWD_DB_VERSION, type JobRecord, type Migration } from '../../../utils/db';

const TEST_DB = 'swd-db-test';

afterEach(async () => {
  await closeSwdDb();
  await deleteDB(SWD_DB_NAME);
  await deleteDB(TEST_DB);
});

describe('openSwdDb', () => {
  it('creates version 3 with refreshTokens, jobs (with their indexes) and jobDocuments', async () => {
    const db = await openSwdDb();
    expect(db.version).toBe(SWD_DB_VERSION);
    expect(SWD_DB_VERSION).toBe(3);
    expect([...db.objectStoreNames].sort()).toEqual(['jobDocuments', 'jobs', 'refreshTokens']);
    const tx = db.transaction('jobs');
    expect([...tx.store.indexNames].sort()).toEqual(['by-document', 'by-envelope', 'by-host-user', 'by-profile', 'by-state', 'by-tidy', 'by-updated']);
    expect(tx.store.keyPath).toBe('id');
    expect(db.transaction('refreshTokens').store.keyPath).toBe('profileId');

    await db.put('refreshTokens', { profileId: 'p1', refreshToken: 'r', updatedAt: 1 });
    await db.put('jobs', { id: 'j1', state: 'queued', updatedAt: 5 } as JobRecord);
    await db.put('jobs', { id: 'j2', state: 'failed', updatedAt: 3 } as JobRecord);
    expect((await db.getAllFromIndex('jobs', 'by-state', 'queued')).map((j) => j.id)).toEqual(['j1']);
    expect((await db.getAllFromIndex('jobs', 'by-updated')).map((j) => j.id)).toEqual(['j2', 'j1']);
  });

  it('is a singleton', async () => {
    expect(await openSwdDb()).toBe(await openSwdDb());
  });
});

describe('upgrades', () => {
  it('a future version adds to the current database without losing its data', async () => {
    const v1 = await openSwdDbWith(TEST_DB, MIGRATIONS);
    await v1.put('refreshTokens', { profileId: 'p1', refreshToken: 'keep-me', updatedAt: 1 });
    await v1.put('jobs', { id: 'j1', state: 'created', updatedAt: 2, envelopeId: 'env-1' } as JobRecord);
    v1.close();

    let ranFrom: number | undefined;
    const v2: Migration = (db, tx) => {
      ranFrom = db.version - 1;
      db.createObjectStore('statusCache', { keyPath: 'envelopeId' });
      tx.objectStore('jobs').createIndex('by-mode', 'mode');
    };
    const upgraded = await openSwdDbWith(TEST_DB, [...MIGRATIONS, v2]);
    expect(upgraded.version).toBe(SWD_DB_VERSION + 1);
    expect(ranFrom).toBe(SWD_DB_VERSION);
    expect([...upgraded.objectStoreNames].sort()).toEqual(['jobDocuments', 'jobs', 'refreshTokens', 'statusCache']);
    expect(await upgraded.get('refreshTokens', 'p1')).toMatchObject({ refreshToken: 'keep-me' });
    expect(await upgraded.get('jobs', 'j1')).toMatchObject({ envelopeId: 'env-1' });
    expect([...upgraded.transaction('jobs').store.indexNames].sort()).toEqual(['by-document', 'by-envelope', 'by-host-user', 'by-mode', 'by-profile', 'by-state', 'by-tidy', 'by-updated']);
    upgraded.close();

    // A fresh install runs every migration.
    await deleteDB(TEST_DB);
    const fresh = await openSwdDbWith(TEST_DB, [...MIGRATIONS, v2]);
    expect([...fresh.objectStoreNames].sort()).toEqual(['jobDocuments', 'jobs', 'refreshTokens', 'statusCache']);
    fresh.close();
  });

  it('an open connection steps aside when a newer version is opened', async () => {
    const first = await openSwdDb();
    expect(first.version).toBe(SWD_DB_VERSION);
    const newer = await openDB(SWD_DB_NAME, SWD_DB_VERSION + 1, { upgrade: () => undefined });
    expect(newer.version).toBe(SWD_DB_VERSION + 1);
    newer.close();
    // The singleton was forgotten; reopening at the older version now fails (VersionError), it is not cached.
    await expect(openSwdDb()).rejects.toThrow();
  });
});
