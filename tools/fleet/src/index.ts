/**
 * @packageDocumentation
 * The fleet generator: realistic Platter repositories of any size, built through
 * the core (model -> render), deterministic from a seed. Used by the benchmarks.
 */
export { generateFleet, REFERENCE_SHAPE, GENERATED_SECRET } from './generateFleet';
export type { FleetShape } from './generateFleet';
export { generateRepository } from './generateRepository';
export { Random } from './random';
export { writeFleetRepository } from './writeRepository';
