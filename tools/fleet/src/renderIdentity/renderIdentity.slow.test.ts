import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestOf, renderCases, type Digest } from './cases';

const GOLDEN = join(__dirname, '__golden__', 'render-digests.json');
const update = process.env.UPDATE_GOLDEN === '1';
const golden: Record<string, Digest> = existsSync(GOLDEN) ? JSON.parse(readFileSync(GOLDEN, 'utf8')) : {};
const written: Record<string, Digest> = {};

describe('render writes the bytes it wrote before the speed-up (issue 17)', () => {
  afterAll(() => {
    if (!update) return;
    mkdirSync(join(__dirname, '__golden__'), { recursive: true });
    writeFileSync(GOLDEN, `${JSON.stringify(written, null, 2)}\n`);
  });

  it.each(renderCases())('%s', (name, digest) => {
    const d = digest();
    written[name] = d;
    if (!update) expect(d).toEqual(golden[name]);
  });

  it('a one-byte change changes the digest', () => {
    const files: [string, string][] = [
      ['a.yaml', 'kind: A\n'],
      ['b.yaml', 'kind: B\n'],
    ];
    const base = digestOf(files);
    expect(digestOf([files[0]!, ['b.yaml', 'kind: C\n']])).not.toEqual(base);
    expect(digestOf([files[0]!, ['b.yml', 'kind: B\n']])).not.toEqual(base);
    expect(digestOf([...files].reverse())).toEqual(base);
  });
});
