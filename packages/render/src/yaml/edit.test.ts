import { applyFileEdit } from './edit';
import { keepBytes } from './keepBytes';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

/**
 * applyFileEdit applies base -> desired (two renders: the request's own change)
 * onto the file as it is. Each case: the file (with hand edits), base, desired,
 * and the exact file after: hand-tuned values and comments outside the change stay.
 */
describe('applyFileEdit: only the request own change is applied', () => {
  it.each<[string, string, string, string, string]>([
    [
      'a tuned scalar the request does not change stays',
      lines('spec:', '  interval: 5m # tuned', '  path: ./a'),
      lines('spec:', '  interval: 10m', '  path: ./a'),
      lines('spec:', '  interval: 10m', '  path: ./b'),
      lines('spec:', '  interval: 5m # tuned', '  path: ./b'),
    ],
    [
      'a list item inserted between commented items',
      lines('resources:', '  # first', '  - a # one', '  # the last', '  - c', '  - mine.yaml # by hand'),
      lines('resources:', '  - a', '  - c', '  - mine.yaml'),
      lines('resources:', '  - a', '  - b', '  - c', '  - mine.yaml'),
      lines('resources:', '  # first', '  - a # one', '  - b', '  # the last', '  - c', '  - mine.yaml # by hand'),
    ],
    [
      'a list item removed; a hand-added item and comments stay',
      lines('components:', '  - ../x # x', '  - ../mine', '  - ../y # y'),
      lines('components:', '  - ../x', '  - ../mine', '  - ../y'),
      lines('components:', '  - ../mine', '  - ../y'),
      lines('components:', '  - ../mine', '  - ../y # y'),
    ],
    [
      'a field of a named item edited; the tuned field beside it stays',
      lines('dependsOn:', '  - name: a', '    optional: true # tuned', '    path: p # why'),
      lines('dependsOn:', '  - name: a', '    optional: false', '    path: p'),
      lines('dependsOn:', '  - name: a', '    optional: false', '    path: q'),
      lines('dependsOn:', '  - name: a', '    optional: true # tuned', '    path: q # why'),
    ],
    [
      'a map key added and one removed; an unknown key stays',
      lines('data:', '  # region', '  region: eu # EU', '  zone: a', '  mine: x # unknown'),
      lines('data:', '  region: eu', '  zone: a', '  mine: x'),
      lines('data:', '  region: eu', '  mine: x', '  size: m'),
      lines('data:', '  # region', '  region: eu # EU', '  mine: x # unknown', '  size: m'),
    ],
    [
      'a document added after its predecessor; a hand-added document stays',
      lines('kind: A', 'metadata:', '  name: a', '---', '# mine', 'kind: Mine', 'metadata:', '  name: m'),
      lines('kind: A', 'metadata:', '  name: a', '---', 'kind: Mine', 'metadata:', '  name: m'),
      lines('kind: A', 'metadata:', '  name: a', '---', 'kind: Mine', 'metadata:', '  name: m', '---', 'kind: B'),
      lines(
        'kind: A',
        'metadata:',
        '  name: a',
        '---',
        '# mine',
        'kind: Mine',
        'metadata:',
        '  name: m',
        '---',
        'kind: B',
      ),
    ],
  ])('%s', (_name, current, base, desired, expected) => {
    expect(applyFileEdit(current, base, desired)).toBe(expected);
  });

  it('no change when base and desired are the same: the file keeps its bytes', () => {
    const current = lines('a:   1   # odd spacing');
    expect(applyFileEdit(current, lines('a: 2'), lines('a: 2'))).toBe(current);
  });
});

describe('keepBytes: layout the YAML library would re-print stays where the edit does not reach', () => {
  it.each<[string, string, string, string]>([
    [
      'odd spacing before a comment and a document-end comment',
      lines('a: 1    # spaced', 'b: 2', '# end'),
      lines('a: 1 # spaced', 'b: 3', '', '# end'),
      lines('a: 1    # spaced', 'b: 3', '# end'),
    ],
    [
      'a list indented the other way',
      lines('x:', '- a', '- b', 'y: 1'),
      lines('x:', '  - a', '  - b', 'y: 2'),
      lines('x:', '- a', '- b', 'y: 2'),
    ],
  ])('%s', (_name, original, edited, expected) => {
    expect(keepBytes(original, edited)).toBe(expected);
  });
});
