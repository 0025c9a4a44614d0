import { LocalQueue } from './localQueue';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('LocalQueue', () => {
  it('runs one at a time per key, in call order; other keys run alongside', async () => {
    const q = new LocalQueue();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const job = (key: string, name: string) =>
      q.run(key, async () => {
        running++;
        most = Math.max(most, running);
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        running--;
        return name;
      });
    const a = [job('a', 'a1'), job('a', 'a2'), job('a', 'a3')];
    expect(q.size('a')).toBe(3);
    const b = job('b', 'b1');
    expect(await Promise.all([...a, b])).toEqual(['a1', 'a2', 'a3', 'b1']);
    const ofA = log.filter((l) => l.endsWith('a1') || l.endsWith('a2') || l.endsWith('a3'));
    expect(ofA).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
    expect(most).toBe(2); // a's and b's
    expect(q.size('a')).toBe(0);
    expect(q.size('b')).toBe(0);
  });

  it('a failing run releases the key for the next one', async () => {
    const q = new LocalQueue();
    const first = q.run('k', async () => {
      await tick();
      throw new Error('boom');
    });
    const second = q.run('k', async () => 'next');
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('next');
    expect(q.size('k')).toBe(0);
  });
});
