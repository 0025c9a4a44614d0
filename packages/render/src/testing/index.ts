/**
 * Test helpers for Platter's packages (`@platter/render/testing`): a repository
 * harness over the example fleet, round trips, and a fixed clock.
 */
export { RepoHarness, roundTrip, comparable, TEST_NOW } from './RepoHarness';
export { fakeSealedSecret } from './fakeSealedSecret';
