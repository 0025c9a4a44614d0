import { parseRequest, type Actor } from '@platter/model';
import { exampleRepository, plan } from '@platter/render';
import { pullRequestBody } from './publish';

// The pull request body carries the rendered diff (issue 18), open when it has danger findings.
describe('pullRequestBody', () => {
  const tenant: Actor = { kind: 'tenant', tenant: 'team-a' };
  it.each([
    ['a rollback within the major', '1.1.0', false],
    ['a rollback across a chart major', '0.9.0', true],
  ])('%s', (_name, version, danger) => {
    const p = plan(
      exampleRepository(),
      parseRequest({ kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version }) as never,
      { actor: tenant, now: new Date('2026-11-27T12:00:00Z') },
    );
    const body = pullRequestBody(p, 'user:default/jane', 'task-1');
    expect(body).toContain(`<details${danger ? ' open' : ''}><summary>What Flux applies, per environment</summary>`);
    expect(body).toContain('== the same change in 2 envs of stage prod: prod-eu, prod-us');
    expect(body).toContain(`      spec.chart.spec.version: "1.2.0" -> "${version}"`);
    expect(body.includes('**1 danger finding** in what Flux applies')).toBe(danger);
    expect(body.indexOf('What Flux applies')).toBeLessThan(body.indexOf('<summary>Diff</summary>'));
  });
});
