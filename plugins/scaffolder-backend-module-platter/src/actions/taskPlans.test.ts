import type { Plan } from '@platter/render';
import { TaskPlans, type TaskPlan } from './taskPlans';

const entry = (requestHash: string, extra: Partial<TaskPlan> = {}): TaskPlan => ({
  remote: 'file:///fleet.git',
  userEntityRef: 'user:default/jane',
  actor: { kind: 'tenant', tenant: 'team-a', user: 'user:default/jane' },
  plan: { requestHash } as Plan,
  ...extra,
});
const match = (requestHash: string, extra: Partial<{ remote: string; userEntityRef: string }> = {}) => ({
  remote: 'file:///fleet.git',
  userEntityRef: 'user:default/jane',
  requestHash,
  ...extra,
});

describe('TaskPlans', () => {
  it('hands a task its plan once, and only for the same request, remote and user', () => {
    const plans = new TaskPlans();
    plans.remember('t1', entry('h1'));
    expect(plans.take('t1', match('h2'))).toBeUndefined();
    expect(plans.take('t1', match('h1', { remote: 'https://other/fleet.git' }))).toBeUndefined();
    expect(plans.take('t1', match('h1', { userEntityRef: 'user:default/bob' }))).toBeUndefined();
    expect(plans.take('t2', match('h1'))).toBeUndefined();
    expect(plans.take('t1', match('h1'))?.plan.requestHash).toBe('h1');
    expect(plans.take('t1', match('h1'))).toBeUndefined();
  });

  it("keeps a task's last plan", () => {
    const plans = new TaskPlans();
    plans.remember('t1', entry('old'));
    plans.remember('t1', entry('new'));
    expect(plans.take('t1', match('old'))).toBeUndefined();
    expect(plans.take('t1', match('new'))).toBeDefined();
  });

  it('keeps the most recent tasks only', () => {
    const plans = new TaskPlans(2);
    for (const t of ['t1', 't2', 't3']) plans.remember(t, entry(t));
    expect(plans.take('t1', match('t1'))).toBeUndefined();
    expect(plans.take('t2', match('t2'))).toBeDefined();
    expect(plans.take('t3', match('t3'))).toBeDefined();
  });
});
