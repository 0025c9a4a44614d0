import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifySopsMac } from './verifySopsMac';

/**
 * Calibrates the test-only MAC verifier against files written by the real `sops`
 * (the writer's own tests only show that writer and verifier agree). Opt-in,
 * because those files are not ours to copy: set PLATTER_SOPS_FIXTURES to a
 * directory of `<name>.yaml` files, each with its raw 32-byte data key in
 * `<name>.key`. One way to make it, from a checkout of getsops/sops:
 *
 *   git show v3.9.4:functional-tests/res/comments.enc.yaml > $DIR/comments.yaml
 *   gpg --import pgp/sops_functional_tests_key.asc
 *   # the first sops.pgp[].enc of the file, decrypted: gpg --decrypt > $DIR/comments.key
 *
 * Every pair must verify. Checked on 2026-11-27 with multiple_keys.yaml,
 * comments.enc.yaml and format.enc.yaml of functional-tests/res (written by sops
 * 3.3.1, 3.6.1 and 3.13.1) and example.yaml as of commit 72c0ab63a^ (sops 3.5.0:
 * ints, floats, booleans, lists, encrypted comments, unencrypted_suffix): all
 * verified. example.yaml after 72c0ab63a, a commit that edited a clear-text list
 * item without re-encrypting, fails, as it would in sops: clear-text values are
 * part of the MAC. Not covered by those files: mac_only_encrypted.
 */
const dir = process.env.PLATTER_SOPS_FIXTURES;
const files =
  dir && existsSync(dir)
    ? readdirSync(dir).filter((f) => f.endsWith('.yaml') && existsSync(join(dir, f.replace(/\.yaml$/, '.key'))))
    : [];

(files.length > 0 ? describe : describe.skip)('verifySopsMac on files written by sops', () => {
  it.each(files.length > 0 ? files : ['none'])('%s', (file) => {
    const text = readFileSync(join(dir!, file), 'utf8');
    const key = readFileSync(join(dir!, file.replace(/\.yaml$/, '.key')));
    expect(verifySopsMac(text, key)).toMatchObject({ valid: true });
  });
});
