import semver from 'semver';
import { checkVersion, isPrerelease, isValidVersion } from './versions';

/** The version facts are semver's, asked once per string: the same answers the second time. */
it.each([
  ['1.2.3', true, false],
  ['1.3.0-rc.1', true, true],
  ['0.0.0-0', true, true],
  ['1.2.3+build.5', false, false],
  ['v1.2.3', false, false],
  ['1.2', false, false],
  ['', false, false],
  ['01.2.3', false, false],
])('%j: valid %s, prerelease %s', (v, valid, prerelease) => {
  for (let round = 0; round < 2; round++) {
    expect(isValidVersion(v)).toBe(valid);
    expect(isValidVersion(v)).toBe(semver.valid(v) === v);
    expect(isPrerelease(v)).toBe(prerelease);
    expect(checkVersion(v, 'pin') === undefined).toBe(valid);
  }
});

it('is not asked of what is not a string', () => {
  expect(isValidVersion(undefined)).toBe(false);
  expect(isValidVersion(123)).toBe(false);
});
