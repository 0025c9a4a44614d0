import { diagnostic, PlatterError, RequestRejected } from '@platter/model';
import { toBackstageError } from './errors';

describe('toBackstageError', () => {
  it.each([
    ['Forbidden', new PlatterError('Forbidden', 'not yours'), 'NotAllowedError'],
    ['Conflict', new PlatterError('Conflict', 'moved'), 'ConflictError'],
    ['GitFailed (an outage)', new PlatterError('GitFailed', 'unreachable'), 'ServiceUnavailableError'],
    ['a rejected request', new RequestRejected([diagnostic('UnknownAddon', 'no such addon', 'addon')]), 'InputError'],
    ['a typed request error', new PlatterError('InvalidName', 'bad name', 'name'), 'InputError'],
  ])('%s -> %s', (_name, error, name) => {
    expect((toBackstageError(error) as Error).name).toBe(name);
  });

  it('names the code and the path, and lists every finding of a rejection', () => {
    const e = toBackstageError(
      new RequestRejected([
        diagnostic('UnknownAddon', 'no such addon', 'addon'),
        diagnostic('InvalidName', 'bad', 'name'),
      ]),
    ) as Error;
    expect(e.message).toContain('UnknownAddon addon: no such addon');
    expect(e.message).toContain('InvalidName name: bad');
  });

  it('leaves anything else alone (an outage is not user error)', () => {
    const error = new TypeError('boom');
    expect(toBackstageError(error)).toBe(error);
  });
});
