import type { Review } from '@platter/gitops-repo';
import { HostReviews, mergeWithHostReviews } from './hostReviews';
import type { ReviewBranch } from './openRequests';

const branch = (name: string, date: string): ReviewBranch => ({
  branch: name,
  commit: `sha-${name}`,
  title: `Title of ${name}`,
  date,
  files: [],
  environments: ['prod-eu'],
  state: 'open',
});
const review = (head: string, number: number, extra: Partial<Review> = {}): Review => ({
  number,
  url: `https://github.com/o/r/pull/${number}`,
  state: 'open',
  head,
  base: 'main',
  title: `PR ${head}`,
  labels: ['platter'],
  author: 'platter-bot',
  reviewers: ['alice'],
  draft: false,
  createdAt: '2026-12-06T10:00:00Z',
  ...extra,
});
const HOST = { kind: 'github' as const, webUrl: 'https://github.com/o/r' };

describe('mergeWithHostReviews', () => {
  it.each([
    [
      'a branch with an open PR shows as the PR; one without stays a branch, linked to the compare view',
      [branch('platter/a', '2026-12-06T12:00:00+01:00'), branch('platter/b', '2026-12-06T09:00:00+00:00')],
      [review('platter/a', 7)],
      [
        ['platter/a', 'https://github.com/o/r/pull/7', 7],
        ['platter/b', 'https://github.com/o/r/compare/main...platter/b', undefined],
      ],
    ],
    [
      'a PR into another branch is not this target’s',
      [branch('platter/a', '2026-12-06T12:00:00Z')],
      [review('platter/a', 7, { base: 'release' })],
      [['platter/a', 'https://github.com/o/r/compare/main...platter/a', undefined]],
    ],
    [
      'a PR whose branch the clone has not fetched yet is listed from the host, by date',
      [branch('platter/a', '2026-12-06T09:00:00Z')],
      [review('platter/new', 8, { createdAt: '2026-12-06T11:00:00Z' })],
      [
        ['platter/new', 'https://github.com/o/r/pull/8', 8],
        ['platter/a', 'https://github.com/o/r/compare/main...platter/a', undefined],
      ],
    ],
  ])('%s', (_name, branches, reviews, expected) => {
    const merged = mergeWithHostReviews(branches, 'main', HOST, reviews);
    expect(merged.map((r) => [r.branch, r.url, r.review?.number])).toEqual(expected);
  });

  it('without a host: the branches as they are', () => {
    expect(mergeWithHostReviews([branch('platter/a', 'x')], 'main', undefined, undefined)).toEqual([
      branch('platter/a', 'x'),
    ]);
  });
});

describe('HostReviews', () => {
  const setup = (fail = false) => {
    let now = 0;
    let calls = 0;
    const reviews = new HostReviews(
      {
        ...HOST,
        noun: 'pull request',
        listOpenReviews: async () => {
          calls++;
          if (fail) throw Object.assign(new Error('Bad credentials - https://docs.github.com/rest'), { status: 401 });
          return [review('platter/a', calls)];
        },
      },
      { ttlMs: 1000, now: () => now },
    );
    return { reviews, tick: (ms: number) => (now += ms), calls: () => calls };
  };

  it('reads once per interval; concurrent readers share the read in flight', async () => {
    const { reviews, tick, calls } = setup();
    await Promise.all([reviews.read(), reviews.read()]);
    tick(999);
    expect((await reviews.read()).reviews?.[0]?.number).toBe(1);
    expect(calls()).toBe(1);
    tick(1);
    expect((await reviews.read()).reviews?.[0]?.number).toBe(2);
  });

  it('keeps a failure for the interval too, as a short reason', async () => {
    const { reviews, calls } = setup(true);
    expect(await reviews.read()).toEqual({ error: 'GitHub answered 401 (Bad credentials)' });
    await reviews.read();
    expect(calls()).toBe(1);
  });
});
