import { parseRequest, type Actor } from '@platter/model';
import { exampleRepository, plan } from '@platter/render';
import { reviewOf } from './reviewOf';

const NOW = new Date('2026-11-27T12:00:00Z');
const tenant: Actor = { kind: 'tenant', tenant: 'team-a' };
const rollback = (version: string) =>
  plan(
    exampleRepository(),
    parseRequest({ kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version }) as never,
    { actor: tenant, now: NOW },
  );
const SOURCE = { requester: 'user:default/jane', via: 'Backstage scaffolder task task-1' };

describe('reviewOf', () => {
  // The description carries the rendered diff (issue 18), open when it has danger findings.
  it.each([
    ['a rollback within the major', '1.1.0', false],
    ['a rollback across a chart major', '0.9.0', true],
  ])('%s: the rendered diff, open on danger', (_name, version, danger) => {
    const { body } = reviewOf(rollback(version), SOURCE);
    expect(body).toContain(`<details${danger ? ' open' : ''}><summary>What Flux applies, per environment</summary>`);
    expect(body).toContain('== the same change in 2 envs of stage prod: prod-eu, prod-us');
    expect(body).toContain(`      spec.chart.spec.version: "1.2.0" -> "${version}"`);
    expect(body.includes('**1 danger finding** in what Flux applies')).toBe(danger);
    expect(body.indexOf('What Flux applies')).toBeLessThan(body.indexOf('<summary>Diff</summary>'));
  });

  it('says who asked, the review path and why, the envs, and the request as YAML', () => {
    const p = rollback('0.9.0');
    const { title, body } = reviewOf(p, { ...SOURCE, notes: ['Evidence: 1.2.0 in staging since 2026-11-20.'] });
    expect(title).toBe(p.title);
    expect(body).toContain('Requested by user:default/jane (Backstage scaffolder task task-1).');
    expect(body).toContain('Evidence: 1.2.0 in staging since 2026-11-20.');
    expect(body).toContain(`**Review: ${p.review}**`);
    expect(body).toContain('Stages: prod · Environments: prod-eu, prod-us');
    expect(body).toMatch(/```yaml\nkind: Rollback\n(.|\n)*version: 0\.9\.0\n/);
    expect(body.endsWith(`Platter-Request: ${p.requestHash}`)).toBe(true);
  });

  it('labels: platter, the kind, each stage', () => {
    expect(reviewOf(rollback('1.1.0'), SOURCE).labels).toEqual(['platter', 'kind:Rollback', 'stage:prod']);
  });

  it.each([
    ['no CODEOWNERS', undefined, []],
    ['the last matching rule wins, owners as a sorted set', '* @org/platform\n/apps/ @zed @amy\n', ['@amy', '@zed']],
    ['a rule naming nobody', '* @org/platform\n/apps/\n', []],
  ])('reviewers from CODEOWNERS of the changed paths: %s', (_name, codeowners, reviewers) => {
    const p = rollback('1.1.0');
    expect(p.changes.every((c) => c.path.startsWith('apps/'))).toBe(true);
    expect(reviewOf(p, { ...SOURCE, ...(codeowners ? { codeowners } : {}) }).reviewers).toEqual(reviewers);
  });

  it('is the same bytes twice', () => {
    const p = rollback('0.9.0');
    expect(reviewOf(p, SOURCE)).toEqual(reviewOf(p, SOURCE));
  });
});
