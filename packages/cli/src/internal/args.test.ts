import { RepoHarness } from '@platter/render/testing';
import { parseAssignments, parseChartRef, resolveTarget, stageOrEnv } from './args';
import { parseSecretLines } from './secretValues';

describe('parseChartRef', () => {
  it.each([
    ['oci://ghcr.io/x/charts/shop', undefined, { repository: 'oci://ghcr.io/x/charts', chart: 'shop' }],
    ['https://charts.example.com/shop/', undefined, { repository: 'https://charts.example.com', chart: 'shop' }],
    ['shop', 'https://charts.example.com/', { repository: 'https://charts.example.com', chart: 'shop' }],
    ['shop', undefined, undefined],
    ['oci://ghcr.io', undefined, undefined],
    ['charts/shop', undefined, undefined],
    ['x/shop', 'https://charts.example.com', undefined],
  ])('%s (repo %s)', (chart, repo, expected) => {
    if (expected) expect(parseChartRef(chart, repo)).toEqual(expected);
    else expect(() => parseChartRef(chart, repo)).toThrow();
  });
});

describe('parseAssignments', () => {
  it('splits at the first =', () => expect(parseAssignments(['a=b=c', 'd='], 'x')).toEqual({ a: 'b=c', d: '' }));
  it.each([['none'], ['=v'], ['k=1', 'k=2']])('rejects %s', (...items) =>
    expect(() => parseAssignments(items, 'x')).toThrow(),
  );
});

describe('stageOrEnv', () => {
  it.each([
    [{ stage: 'prod' }, { stage: 'prod' }],
    [{ env: 'prod-eu' }, { env: 'prod-eu' }],
    [{}, undefined],
    [{ stage: 'prod', env: 'prod-eu' }, undefined],
  ])('%j', (opts, expected) => {
    if (expected) expect(stageOrEnv(opts, 'x')).toEqual(expected);
    else expect(() => stageOrEnv(opts, 'x')).toThrow();
  });
});

describe('resolveTarget', () => {
  const fleet = RepoHarness.example().model();
  it.each([
    ['prod', { stage: 'prod' }],
    ['prod-eu', { env: 'prod-eu' }],
    ['env:prod', { env: 'prod' }],
    ['stage:qa', { stage: 'qa' }],
  ])('%s', (text, expected) => expect(resolveTarget(fleet, text, 'to')).toEqual(expected));
  it('names both lists when nothing matches', () => {
    expect(() => resolveTarget(fleet, 'qa', 'to')).toThrow(
      expect.objectContaining({ code: 'UnknownStage', path: 'to' }),
    );
  });
});

describe('parseSecretLines', () => {
  it('skips blanks and comments, keeps values as they are', () => {
    expect(parseSecretLines('# c\n\nA=1\r\nB= two = 2 \n')).toEqual({ A: '1', B: ' two = 2 ' });
  });
  it.each([['value-only'], ['=v'], ['A=1\nA=2']])('rejects %j without showing the line', (text) => {
    expect(() => parseSecretLines(text)).toThrow(
      expect.not.objectContaining({ message: expect.stringContaining('value-only') }),
    );
  });
});
