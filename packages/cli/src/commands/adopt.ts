import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { hashValue, isAgeRecipient, isPlatterError, PlatterError, type FileChange } from '@platter/model';
import { planAdoption, unifiedDiff, type AdoptionReport } from '@platter/render';
import { commitPlan, DiskFileTree, sealAdoption, writeChanges, type CommittablePlan } from '@platter/gitops-repo';
import { UsageError } from '../exitCodes';
import { colors } from '../io';
import { printJson } from '../output';
import { requireDirectory, type CommandContext } from './context';

const run = promisify(execFile);

interface AdoptOptions {
  readonly directory?: string;
  readonly ageRecipient?: string[];
  readonly name?: string;
  readonly tenant?: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly commit?: boolean;
  readonly push?: boolean;
  readonly branch?: boolean;
}

/** The branch `--push --branch` proposes the migration on. */
export const ADOPT_BRANCH = 'platter/adopt';

/**
 * `platter adopt [dir]`: plans the migration of a Flux repository into Platter's
 * layout (render's planAdoption, sealed by gitops-repo's sealAdoption: plaintext
 * Secrets encrypted, the proof made on the final files) and, like every request,
 * prints it (--dry-run, --json), writes it (default), commits it (--commit) or
 * pushes it as a review branch (--push --branch). The proof is always printed: per
 * cluster, the objects Flux applies are the same, with the plumbing that differs.
 * A refused proof (AdoptionChangesObjects) writes nothing. On a Platter repository
 * the plan is empty.
 */
export function registerAdopt(program: Command, ctx: CommandContext): void {
  program
    .command('adopt')
    .description(
      "migrate a Flux repository into Platter's layout as one reviewable change, with proof that every cluster applies the same objects",
    )
    .argument('[dir]', 'repository directory', '.')
    .option('-C, --directory <dir>', 'repository directory (instead of [dir])')
    .option(
      '--age-recipient <env=age1…>',
      "an environment's age recipient (repeatable): plaintext Secrets are encrypted to it",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--name <fleet>', 'the fleet name written to platter.yaml', 'fleet')
    .option(
      '--tenant <name>',
      'the tenant that owns an app CODEOWNERS gives to no team (@org/team); without it such apps stay unmanaged',
    )
    .option('--dry-run', 'print the diff, the mapping and the proof; write nothing')
    .option('--json', 'print the mapping, the proof and the changes as JSON')
    .option('--commit', 'also commit the change in the checkout')
    .option('--push', `push the change to origin; with --branch on ${ADOPT_BRANCH} for review`)
    .option(
      '--branch',
      `with --push: push the branch ${ADOPT_BRANCH} (required: adoption is a platform change for review)`,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ platter adopt . --dry-run\n  $ platter adopt . --tenant web --dry-run\n  $ platter adopt . --age-recipient lab=age1… --commit\n  $ platter adopt . --age-recipient prod=age1… --push --branch\n',
    )
    .action(async (dir: string, opts: AdoptOptions) => {
      if (opts.branch && !opts.push)
        throw new UsageError('--branch needs --push (it names the branch pushed to origin)');
      if (opts.push && !opts.branch)
        throw new UsageError(`--push needs --branch: adoption is proposed for review on ${ADOPT_BRANCH}`);
      if (opts.commit && opts.push) throw new UsageError('--commit and --push are exclusive');
      const shown = opts.directory ?? dir;
      const root = requireDirectory(ctx, shown);
      try {
        const recipients = parseRecipients(opts.ageRecipient ?? []);
        if (opts.push && !opts.dryRun) return await pushBranch(ctx, root, shown, recipients, opts);
        const sealed = await adopt(root, recipients, opts);
        let result: string;
        if (opts.dryRun) result = 'planned';
        else if (!sealed.changes.length) result = 'no-changes';
        else {
          await writeChanges(root, sealed.changes);
          result = 'written';
          if (opts.commit) {
            const committed = await commitPlan(root, committable(sealed.changes, sealed.report), {
              actor: { kind: 'platform' },
            });
            result = committed.commit ? `committed ${committed.commit.slice(0, 12)}` : 'no-changes';
          }
        }
        show(ctx, shown, sealed, result, opts);
      } catch (e) {
        if (opts.json && isPlatterError(e))
          printJson(ctx.io, { error: { code: e.code, message: e.message, ...(e.path ? { path: e.path } : {}) } });
        throw e;
      }
    });
}

async function adopt(root: string, ageRecipients: Record<string, string[]>, opts: AdoptOptions) {
  const tree = new DiskFileTree(root);
  const draft = planAdoption(tree, {
    ageRecipients,
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.tenant !== undefined ? { tenant: opts.tenant } : {}),
  });
  return sealAdoption(tree, draft);
}

/** `--age-recipient ENV=age1…`, repeatable, several per env. */
function parseRecipients(values: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of values) {
    const at = v.indexOf('=');
    const [env, recipient] = at > 0 ? [v.slice(0, at), v.slice(at + 1)] : ['', v];
    if (!env || !isAgeRecipient(recipient))
      throw new PlatterError(
        'InvalidEncryption',
        `--age-recipient ${v}: expected ENV=age1… (an environment name and an X25519 age recipient)`,
        'age-recipient',
      );
    out[env] = [...(out[env] ?? []), recipient];
  }
  return out;
}

function committable(changes: readonly FileChange[], report: AdoptionReport): CommittablePlan {
  return {
    title: `Adopt the Flux repository: ${report.environments.length} environment${report.environments.length === 1 ? '' : 's'}, ${report.stages.length} stage${report.stages.length === 1 ? '' : 's'}, ${report.services.length} runtime service${report.services.length === 1 ? '' : 's'}${report.apps.length ? `, ${report.apps.length} tenant app${report.apps.length === 1 ? '' : 's'}` : ''}`,
    requestHash: hashValue({ adopt: changes.map((c) => [c.path, c.op, c.after ?? null]) }),
    changes,
    affected: {
      stages: report.stages.map((s) => s.name),
      environments: report.environments.map((e) => e.name),
    },
    review: 'platform-review',
  };
}

/** --push --branch: adopt a fresh clone of origin's head and push it as the review branch. */
async function pushBranch(
  ctx: CommandContext,
  root: string,
  shown: string,
  recipients: Record<string, string[]>,
  opts: AdoptOptions,
): Promise<void> {
  const origin = await git(root, ['remote', 'get-url', 'origin']).catch(() => undefined);
  if (!origin) throw new UsageError(`--push: ${shown} has no git remote "origin"`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'platter-adopt-'));
  try {
    await run('git', ['clone', '--quiet', origin, scratch]);
    // The review branch already there: adopt on it, so a second run finds a Platter repository and does nothing.
    if (await git(scratch, ['ls-remote', '--heads', 'origin', ADOPT_BRANCH]))
      await git(scratch, ['checkout', '--quiet', '-B', ADOPT_BRANCH, `origin/${ADOPT_BRANCH}`]);
    const sealed = await adopt(scratch, recipients, opts);
    let result = 'no-changes';
    if (sealed.changes.length) {
      await writeChanges(scratch, sealed.changes);
      await git(scratch, ['checkout', '--quiet', '-B', ADOPT_BRANCH]);
      const committed = await commitPlan(scratch, committable(sealed.changes, sealed.report), {
        actor: { kind: 'platform' },
      });
      await git(scratch, ['push', '--quiet', '--force-with-lease', 'origin', `HEAD:refs/heads/${ADOPT_BRANCH}`]);
      result = `pushed ${ADOPT_BRANCH}${committed.commit ? ` (${committed.commit.slice(0, 12)})` : ''}`;
    }
    show(ctx, shown, sealed, result, opts);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The diff never shows a plaintext Secret's values: a file encrypted where it is is shown without them. */
function redacted(changes: readonly FileChange[], report: AdoptionReport): FileChange[] {
  const plaintext = new Map(report.secrets.map((s) => [s.from, s.to]));
  return changes.map((c) => {
    const to = plaintext.get(c.path);
    return to !== undefined && c.before !== undefined && c.op !== 'delete'
      ? { ...c, before: `# plaintext Secret (values not shown): encrypted to ${to}\n` }
      : c;
  });
}

async function git(cwd: string, args: string[]): Promise<string> {
  return (await run('git', args, { cwd })).stdout.trim();
}

function show(
  ctx: CommandContext,
  shown: string,
  sealed: { alreadyPlatter: boolean; changes: readonly FileChange[]; report: AdoptionReport },
  result: string,
  opts: AdoptOptions,
): void {
  const { report } = sealed;
  if (opts.json) {
    printJson(ctx.io, {
      alreadyPlatter: sealed.alreadyPlatter,
      report,
      changes: sealed.changes.map((c) => ({ path: c.path, op: c.op })),
      ...(opts.dryRun ? { diff: unifiedDiff(redacted(sealed.changes, report)) } : {}),
      result,
    });
    return;
  }
  const c = colors(ctx.io);
  const out = (line = '') => ctx.io.out(`${line}\n`);
  if (sealed.alreadyPlatter) {
    out(`${c.green('✓')} ${shown} is already a Platter repository (platter.yaml): nothing to adopt`);
    return;
  }
  if (opts.dryRun) ctx.io.out(unifiedDiff(redacted(sealed.changes, report)));
  out(c.bold(`Adopt ${shown}`));
  for (const e of report.environments) out(`  env ${e.name}  <- ${e.cluster} (stage ${e.stage})`);
  for (const s of report.stages) out(`  stage ${s.name}${s.profile ? `  <- ${s.profile}` : ''}`);
  for (const s of report.services) {
    const stages = report.bound.filter((b) => b.service === s.name).map((b) => b.stage);
    out(
      `  runtime ${s.name} ${s.version}  <- ${s.from}${stages.length ? ` (stage ${stages.join(', ')}: Kustomization runtime-${s.name})` : ''}`,
    );
  }
  for (const n of report.notBound) out(c.yellow(`  runtime ${n.service} not bound to a stage: ${n.why}`));
  for (const a of report.apps) {
    out(`  app ${a.name} (tenant ${a.tenant})  <- ${a.from}`);
    for (const o of a.overlays)
      out(
        `    env ${o.env}  <- ${o.from} (${o.shared ? 'its part of an overlay it shares, which stays unmanaged; ' : ''}Kustomization ${o.kustomization}: only its path changes)`,
      );
    for (const n of a.notes) out(c.yellow(`    ${n}`));
  }
  for (const t of report.tenants) {
    out(`  tenant ${t.name}  owner ${t.owner} (from ${t.from}): apps ${t.apps.join(', ')}`);
    out(c.yellow(`    not in this change: ${t.binding}`));
  }
  for (const u of report.unmappedApps) out(c.yellow(`  unmanaged app: ${u.dir}: ${u.why}`));
  if (report.unbound) out(c.yellow(`  runtime services not bound to stages: ${report.unbound}`));
  for (const s of report.secrets)
    out(`  secret ${s.to}  <- ${s.from} (encrypted to ${s.recipients} recipient${s.recipients === 1 ? '' : 's'})`);
  for (const f of report.plaintextLeft)
    out(
      c.red(
        `  plaintext Secret left as it is: ${f}: no adopted cluster applies it; encrypt it with sops and rotate its values`,
      ),
    );
  for (const n of report.notAdopted) out(c.yellow(`  not adopted: ${n.cluster}: ${n.why}`));
  for (const s of report.unmappedServices) out(c.yellow(`  unmanaged service: ${s.dir}: ${s.why}`));
  if (report.unmanaged.length) {
    out(
      `  unmanaged (kept where they are, still applied from where they were referenced): ${report.unmanaged.length} files`,
    );
    for (const f of report.unmanaged) out(`    ${f}`);
  }
  out(c.bold('Proof: what Flux applies, before and after'));
  for (const p of report.proof) {
    out(
      `  ${c.green('✓')} ${p.cluster}${p.after !== p.cluster ? ` -> ${p.after}` : ''}: ${p.objects} objects, the same`,
    );
    for (const line of p.plumbing) out(`      plumbing: ${line}`);
    // The same objects, but not without a gap: say it where the proof is read.
    for (const d of p.dangers) out(c.red(`      ! ${d.code}: ${d.message}`));
  }
  out(`${sealed.changes.length} file change${sealed.changes.length === 1 ? '' : 's'}: ${result}`);
}
