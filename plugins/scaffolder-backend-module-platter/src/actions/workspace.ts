import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { PlatterError, type ChangeRequest } from '@platter/model';
import type { Plan } from '@platter/render';

/**
 * What a planning action leaves in the task's workspace, for display and for
 * platter:publish (one request per task):
 *
 * - `platter/plan.json`: the plan as planned: redacted request, base commit (the
 *   snapshot's), changes with their contents, diff, affected envs, review path;
 * - `platter/request.json`: the request publish lands, defaults applied and
 *   secrets sealed (SOPS-encrypted to the env's recipients): no plaintext;
 * - `platter/changes/<path>`: each added or modified file as it will be
 *   (deleted files are only listed in plan.json).
 */
export const PLAN_FILE = 'platter/plan.json';
export const REQUEST_FILE = 'platter/request.json';
export const CHANGES_DIR = 'platter/changes';

export async function writePlanFiles(workspacePath: string, plan: Plan, sealedRequest: ChangeRequest): Promise<void> {
  const changesDir = resolveSafeChildPath(workspacePath, CHANGES_DIR);
  await rm(changesDir, { recursive: true, force: true });
  await write(resolveSafeChildPath(workspacePath, PLAN_FILE), `${JSON.stringify(plan, null, 2)}\n`);
  await write(resolveSafeChildPath(workspacePath, REQUEST_FILE), `${JSON.stringify(sealedRequest, null, 2)}\n`);
  for (const change of plan.changes) {
    if (change.op === 'delete' || change.after === undefined) continue;
    // Plan paths are repository-relative and checked by the core (PathEscape); checked again here.
    await write(resolveSafeChildPath(changesDir, change.path), change.after);
  }
}

/** The plan and the sealed request a planning action left; InvalidRequest when there are none. */
export async function readPlanFiles(workspacePath: string): Promise<{ plan: Plan; request: unknown }> {
  const read = async (path: string) => {
    try {
      return JSON.parse(await readFile(resolveSafeChildPath(workspacePath, path), 'utf8')) as unknown;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new PlatterError(
          'InvalidRequest',
          `${path} is not in the workspace: run a platter:<noun>:<verb> action before platter:publish, or give publish a request`,
          path,
        );
      }
      throw e;
    }
  };
  return { plan: (await read(PLAN_FILE)) as Plan, request: await read(REQUEST_FILE) };
}

async function write(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}
