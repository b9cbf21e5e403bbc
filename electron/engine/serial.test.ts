import { describe, expect, it } from 'vitest';
import { createSerialQueue } from './serial';

describe('createSerialQueue', () => {
  it('runs work one at a time in arrival order, and a failure does not block what follows', async () => {
    const serial = createSerialQueue();
    const events: string[] = [];
    const task = (name: string, delay: number, fail = false) =>
      serial(async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, delay));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a', 30), task('b', 5, true), task('c', 1)]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
