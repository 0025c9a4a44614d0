import { PlatterError, RequestRejected, diagnostic } from '@platter/model';
import { EXIT, exitCodeFor } from './exitCodes';

describe('exitCodeFor', () => {
  it.each([
    [
      'a rejected request',
      new RequestRejected([diagnostic('UnknownStage', 'stage "x" not found', 'stages/x')]),
      EXIT.findings,
    ],
    ['Forbidden', new PlatterError('Forbidden', 'not yours'), EXIT.findings],
    ['Conflict', new PlatterError('Conflict', 'the remote moved'), EXIT.conflict],
    ['a path outside the repository', new PlatterError('PathEscape', '../x'), EXIT.usage],
    [
      "a git outage: not the user's fault, as the backend's 503",
      new PlatterError('GitFailed', 'git fetch failed'),
      EXIT.unavailable,
    ],
    ['kubectl failing', new PlatterError('KustomizeBuildFailed', 'kubectl kustomize timed out'), EXIT.unavailable],
    ['anything else: a bug', new Error('boom'), EXIT.internal],
  ])('%s', (_name, error, code) => expect(exitCodeFor(error)).toBe(code));
});
