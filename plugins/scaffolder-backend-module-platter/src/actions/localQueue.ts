/**
 * One at a time per key, within this process: `run(key, fn)` starts `fn` once
 * every earlier `fn` of the same key has settled (in call order); other keys
 * run in parallel. A failing `fn` releases the key like a successful one.
 *
 * platter:publish lands requests one by one per remote and ref (DESIGN §4): each
 * push is a compare-and-swap on the ref, so of several writers racing on one ref
 * only one can win a round and the others re-plan and retry. Between backend
 * replicas that race is unavoidable (and applyRequest resolves it); between the
 * scaffolder's concurrent tasks in ONE process it is pure waste: N tasks racing
 * do O(N²) clones and plans, and the last ones run out of their retry deadline
 * (20 onboardings at once: 4 of 20 gave up after 60 s on a 2-core machine).
 * Queued here, each clones the head its predecessor pushed and usually lands on
 * the first attempt; applyRequest's retry deadline starts when its turn comes.
 */
export class LocalQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly counts = new Map<string, number>();

  /** How many runs of `key` are queued or running (0: `run` would start at once). */
  size(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    this.counts.set(key, this.size(key) + 1);
    try {
      await previous;
      return await fn();
    } finally {
      release();
      const left = this.size(key) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
