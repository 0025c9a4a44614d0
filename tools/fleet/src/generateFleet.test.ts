import { validateRepository } from '@platter/render';
import { generateRepository } from './generateRepository';
import type { FleetShape } from './generateFleet';

const small: FleetShape = {
  envs: 40,
  stages: 4,
  tenants: 6,
  apps: 25,
  services: 8,
  versionsPerService: 3,
  addonsPerService: 3,
  seed: 7,
};

describe('generateRepository', () => {
  it('is deterministic for a seed', () => {
    expect(generateRepository(small).tree.entries()).toEqual(generateRepository(small).tree.entries());
    expect(generateRepository({ ...small, seed: 8 }).tree.entries()).not.toEqual(
      generateRepository(small).tree.entries(),
    );
  });

  it.each([
    ['small', small],
    ['one stage', { ...small, stages: 1, envs: 3, seed: 3 }],
    ['many stages', { ...small, stages: 10, envs: 30, seed: 11 }],
  ])('generates a valid repository (%s)', (_name, shape) => {
    const { fleet, tree } = generateRepository(shape);
    expect(fleet.environments).toHaveLength(shape.envs);
    expect(fleet.apps).toHaveLength(shape.apps);
    const errors = validateRepository(tree, { now: new Date('2026-11-27') }).diagnostics.filter(
      (d) => d.severity === 'error',
    );
    expect(errors).toEqual([]);
  });
});
