import { checkChartRepository, checkImage, isWellFormedText, redactUserInfo } from './references';

/** Issue 22 items 3 and 8: references checked with the rules their consumers (Flux, the kubelet) apply. */
describe('chart repositories (issue 22 item 8: references Flux would reject; item 3: credentials in URLs)', () => {
  it.each<[string, string, string | undefined]>([
    ['an oci registry path', 'oci://ghcr.io/example-org/charts', undefined],
    ['an https Helm repository', 'https://charts.example.com', undefined],
    ['an https repository with a path and a port', 'https://charts.example.com:8443/stable/', undefined],
    ['a newline', 'oci://ghcr.io/example-org/charts\nkind: Secret', 'InvalidManifest'],
    ['a trailing space', 'https://charts.example.com ', 'InvalidManifest'],
    ['a ".." segment', 'oci://ghcr.io/example-org/../charts', 'InvalidManifest'],
    ['an encoded ".." segment', 'https://charts.example.com/%2e%2e/x', 'InvalidManifest'],
    ['no host', 'oci:///charts', 'InvalidManifest'],
    ['an upper-case oci path', 'oci://ghcr.io/Example/charts', 'InvalidManifest'],
    ['a query', 'https://charts.example.com/?x=1', 'InvalidManifest'],
    ['another scheme', 'git://example.com/charts', 'InvalidManifest'],
    ['a lone surrogate', 'https://charts.example.com/\ud800', 'InvalidManifest'],
    ['user and password', 'https://user:s3cret@charts.example.com', 'CredentialsInUrl'],
    ['a token as user', 'oci://ghp_token@ghcr.io/example-org/charts', 'CredentialsInUrl'],
    ['empty', '', 'InvalidManifest'],
  ])('%s', (_name, url, code) => {
    expect(checkChartRepository(url, 'chart repository', 'p')?.code).toBe(code);
  });

  it('never shows the credentials it refuses', () => {
    expect(checkChartRepository('https://user:s3cret@charts.example.com', 'chart repository')!.message).not.toContain(
      's3cret',
    );
    expect(redactUserInfo('oci://a:b@ghcr.io/x')).toBe('oci://***@ghcr.io/x');
  });
});

describe('images (issue 22 item 8)', () => {
  it.each<[string, string, boolean]>([
    ['a registry image', 'ghcr.io/example-org/ledger', true],
    ['a Docker Hub image', 'nginx', true],
    ['a registry with a port', 'localhost:5000/team/app', true],
    ['separators', 'ghcr.io/a.b/c__d/e-f', true],
    ['empty', '', false],
    ['a space', 'ghcr.io/example-org/my app', false],
    ['a newline', 'ghcr.io/x\nkind: Secret', false],
    ['a tag (the version is the tag)', 'ghcr.io/example-org/ledger:1.0', false],
    ['a digest', 'ghcr.io/x@sha256:' + 'a'.repeat(64), false],
    ['upper case', 'ghcr.io/Example/ledger', false],
    ['a ".." component', 'ghcr.io/../ledger', false],
    ['a double slash', 'ghcr.io//ledger', false],
    ['too long', `ghcr.io/${'a'.repeat(260)}`, false],
  ])('%s', (_name, image, ok) => {
    expect(checkImage(image, 'image', 'p') === undefined).toBe(ok);
  });
});

describe('text a file can hold (issue 22 item 8: lone surrogates)', () => {
  it.each([
    ['plain', 'eu-west-1', true],
    ['a surrogate pair', 'a😀b', true],
    ['a lone high surrogate', 'a\ud800b', false],
    ['a lone low surrogate', '\udc00', false],
    ['a high surrogate at the end', 'x\udbff', false],
  ])('%s', (_name, text, ok) => expect(isWellFormedText(text)).toBe(ok));
});
