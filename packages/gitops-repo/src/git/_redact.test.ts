import { redactText, redactUrl, secretsOfRemote } from './_redact';

it.each([
  ['https://user:s3cret@host/repo.git', 'https://***@host/repo.git'],
  ['https://ghp_token123@github.com/org/repo.git', 'https://***@github.com/org/repo.git'],
  ['ssh://git@host:22/repo.git', 'ssh://***@host:22/repo.git'],
  ['https://host/repo.git', 'https://host/repo.git'],
  ['git@github.com:org/repo.git', 'git@github.com:org/repo.git'],
  ['/srv/git/repo.git', '/srv/git/repo.git'],
])('redactUrl(%s) is %s', (url, expected) => expect(redactUrl(url)).toBe(expected));

it.each([
  ['https://user:s3cret-pw@host/r.git', ['s3cret-pw']],
  ['https://user:p%40ss%3Aword@host/r.git', ['p%40ss%3Aword', 'p@ss:word']],
  ['https://ghp_abcdefgh1234@host/r.git', ['ghp_abcdefgh1234']],
  ['ssh://git@host/r.git', []],
  ['https://user:pw@host/r.git', []],
  ['/srv/git/r.git', []],
])('secretsOfRemote(%s)', (remote, expected) => expect(secretsOfRemote(remote)).toEqual(expected));

it('masks URL user info and literal secrets anywhere in a text', () => {
  const text = "fatal: unable to access 'https://bot:s3cret-pw@host/r.git/': auth failed for s3cret-pw";
  expect(redactText(text, secretsOfRemote('https://bot:s3cret-pw@host/r.git'))).toBe(
    "fatal: unable to access 'https://***@host/r.git/': auth failed for ***",
  );
});
