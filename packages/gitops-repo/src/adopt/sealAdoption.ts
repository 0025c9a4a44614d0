import { byteOrder, MemoryFileTree, type FileChange, type FileTree } from '@platter/model';
import { proveAdoption, type AdoptionDraft, type AdoptionReport } from '@platter/render';
import { encryptSecret } from '../sops';

/** An adoption ready to show, write or commit: every Secret encrypted, the proof made on the final files. */
export interface SealedAdoption {
  readonly alreadyPlatter: boolean;
  readonly changes: readonly FileChange[];
  readonly report: AdoptionReport;
}

/**
 * Seals `platter adopt`'s draft (render's planAdoption): encrypts each plaintext
 * Secret it found to its env's age recipients (SOPS, as `sops --encrypt` does) and
 * adds the encrypted files, then proves again, on exactly the files that will be
 * written, that every cluster applies the same objects (a Secret: same keys). No
 * plaintext value is ever in a change. Rejects what encryptSecret rejects
 * (MissingRecipients, InvalidEncryption) and AdoptionChangesObjects.
 */
export async function sealAdoption(
  tree: FileTree,
  draft: AdoptionDraft,
  options: { readonly now?: Date } = {},
): Promise<SealedAdoption> {
  if (draft.alreadyPlatter || !draft.before)
    return { alreadyPlatter: draft.alreadyPlatter, changes: [], report: draft.report };
  const changes: FileChange[] = [...draft.changes];
  for (const s of draft.secrets) {
    const after = await encryptSecret(
      {
        name: s.name,
        namespace: s.namespace,
        ...(s.type ? { type: s.type } : {}),
        ...(s.labels ? { labels: s.labels } : {}),
        ...(s.data ? { data: s.data } : {}),
        ...(s.stringData ? { stringData: s.stringData } : {}),
      },
      s.recipients,
      options,
    );
    const before = tree.read(s.path);
    const i = changes.findIndex((c) => c.path === s.path);
    if (i >= 0) changes.splice(i, 1);
    changes.push(
      before === undefined ? { path: s.path, op: 'add', after } : { path: s.path, op: 'modify', before, after },
    );
  }
  // A plaintext Secret's old file is deleted: its values stay out of the plan (and of any diff of it).
  for (const [i, c] of changes.entries()) {
    const moved = draft.secrets.find((s) => s.from === c.path && s.path !== c.path);
    if (moved && c.op === 'delete')
      changes[i] = {
        ...c,
        before: `# plaintext Secret ${moved.name}: values not shown (encrypted to ${moved.path})\n`,
      };
  }
  changes.sort((a, b) => byteOrder(a.path, b.path));
  const final = MemoryFileTree.from(tree).apply(changes);
  const proof = proveAdoption(
    draft.before,
    final,
    (c) => draft.clusterPaths[c] ?? c,
    new Map(Object.entries(draft.renamed)),
  );
  return { alreadyPlatter: false, changes, report: { ...draft.report, proof } };
}
