import type { Actor } from '@platter/model';
import type { Plan } from '@platter/render';

/**
 * What a planning action hands platter:publish of the same task, in memory:
 * the actor it resolved for the task's user and the plan it made (of the
 * sealed request, on the snapshot's commit). A task runs on one backend from
 * its first step to its last, so publish finds it there and neither resolves
 * the actor nor plans again while the branch has not moved (applyRequest's
 * `planned`). After a restart, or for a retrier who is another user, publish
 * finds nothing and does both itself: nothing is lost but time.
 *
 * Never read from the workspace: a template's other steps can write there, and
 * a plan read from a file would be committed without having been made.
 */
export interface TaskPlan {
  /** The remote the plan was made for (`platter.repository.url`). */
  readonly remote: string;
  /** The user the actor was resolved for. */
  readonly userEntityRef: string;
  readonly actor: Actor;
  readonly plan: Plan;
}

/**
 * The newest plan of each task, for the most recent `capacity` tasks; publish
 * takes a task's plan out (a retry of the task lands from its checkpoint, or
 * plans again), so plans do not pile up in memory.
 */
export class TaskPlans {
  private readonly byTask = new Map<string, TaskPlan>();

  constructor(private readonly capacity = 64) {}

  /** Keeps `entry` as the task's plan (the task's last planning step wins). */
  remember(taskId: string, entry: TaskPlan): void {
    this.byTask.delete(taskId);
    this.byTask.set(taskId, entry);
    while (this.byTask.size > this.capacity) this.byTask.delete(this.byTask.keys().next().value!);
  }

  /** Takes out the task's plan when it is of this request (hash), remote and user; undefined otherwise (and the plan stays). */
  take(
    taskId: string,
    match: { readonly remote: string; readonly userEntityRef: string; readonly requestHash: string },
  ): TaskPlan | undefined {
    const entry = this.byTask.get(taskId);
    if (
      !entry ||
      entry.remote !== match.remote ||
      entry.userEntityRef !== match.userEntityRef ||
      entry.plan.requestHash !== match.requestHash
    )
      return undefined;
    this.byTask.delete(taskId);
    return entry;
  }
}

/** The process's plans: every action of this process shares it unless given its own (tests build several). */
export const PROCESS_TASK_PLANS = new TaskPlans();
