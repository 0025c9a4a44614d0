/**
 * @packageDocumentation
 * Parses a GitOps repository's file tree into the Platter model, renders the
 * model back onto it (managed fields only: comments, unknown fields and
 * unmanaged files survive), validates it statically the way Kustomize and Flux
 * would build it, and plans change requests. Pure: no I/O, the tree is passed in.
 */
export * from './yaml';
export * from './parse';
export * from './render';
export * from './validate';
export * from './example';
export * from './plan';
export * from './queries';
export * from './check';
export * from './adopt';
export * from './renderedDiff';
export * from './explain';
export * from './cloud';
