import { isAgeRecipient } from './checkEnvironments';

/** Issue 22 item 5: an age recipient with a bad checksum is refused (it passed the pattern; age refused it later). */
const GOOD = 'age1cxa2w2s5n7fhjcu9mlk4cejm5c27nwpuxd9pzmvddc3c4rvz54dspl4k6t';
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

describe('an age recipient with a bad checksum (issue 22 item 5)', () => {
  it('the demo recipient (from age-keygen) is one', () => expect(isAgeRecipient(GOOD)).toBe(true));

  it('every single-character change of its data is refused (bech32 detects any one substitution)', () => {
    let checked = 0;
    for (let i = 4; i < GOOD.length; i++) {
      for (const c of CHARSET) {
        if (c === GOOD[i]) continue;
        const typo = GOOD.slice(0, i) + c + GOOD.slice(i + 1);
        expect({ typo, ok: isAgeRecipient(typo) }).toEqual({ typo, ok: false });
        checked++;
      }
    }
    expect(checked).toBe(58 * 31);
  });

  it.each([
    '',
    'age1',
    GOOD.toUpperCase(),
    `${GOOD}q`,
    GOOD.slice(0, -1),
    GOOD.replace('age1', 'agf1'),
    `${GOOD.slice(0, 10)}b${GOOD.slice(11)}`,
  ])('refuses %j', (r) => {
    expect(isAgeRecipient(r)).toBe(false);
  });
});
