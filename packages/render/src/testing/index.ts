/**
 * Test helpers for Platter's packages (`@platter/render/testing`): a repository
 * harness over the example fleet, round trips, and a fixed clock.
 */
export { RepoHarness, roundTrip, comparable, TEST_NOW } from './RepoHarness';
export { fakeSealedSecret } from './fakeSealedSecret';
export { fluxFixtureDir, fluxFixtureTree } from './fluxFixtures';
export { rejection, rejectionError } from './rejection';
// The demo key's private half and the demo secrets' plaintext: for tests that decrypt the example's secrets only.
export { DEMO_ONLY_AGE_IDENTITY, DEMO_SECRET_VALUES } from '../example/exampleSecrets.generated';
