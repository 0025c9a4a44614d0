import { createTwoFilesPatch } from 'diff';
import type { FileChange } from '@platter/model';

/** A git-style unified diff of file changes (3 lines of context), in path order. */
export function unifiedDiff(changes: readonly FileChange[]): string {
  return changes
    .map((c) => {
      const from = c.op === 'add' ? '/dev/null' : `a/${c.path}`;
      const to = c.op === 'delete' ? '/dev/null' : `b/${c.path}`;
      const patch = createTwoFilesPatch(from, to, c.before ?? '', c.after ?? '', undefined, undefined, { context: 3 });
      // Drop the "Index:"/"====" header createTwoFilesPatch writes; keep ---/+++ and hunks.
      const body = patch
        .split('\n')
        .filter((l, i) => !(i < 2 && (l.startsWith('Index:') || l.startsWith('===='))))
        .join('\n');
      return `diff --git a/${c.path} b/${c.path}\n${c.op === 'add' ? 'new file\n' : c.op === 'delete' ? 'deleted file\n' : ''}${body}`;
    })
    .join('');
}
