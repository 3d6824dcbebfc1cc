import { describe, expect, it } from 'vitest';
import { serialQueue } from '../../utils/serial-queue';

describe('serialQueue', () => {
  it('runs tasks one after another, in order, and a failure neither stops the queue nor leaks to other callers', async () => {
    const run = serialQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([run(task('a', 20)), run(task('b', 1, true)), run(task('c', 5))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
