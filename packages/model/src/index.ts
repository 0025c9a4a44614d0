/**
 * @packageDocumentation
 * Platter's model: the typed fleet of DESIGN §2 (settings, stages, environments,
 * the menu of runtime components, tenants and apps), names and versions, the
 * repository layout, typed errors, and every validation rule. Pure and
 * isomorphic: it runs in Node and in the browser (the addon picker uses it).
 */
export * from './errors';
export * from './names';
export * from './versions';
export * from './fileTree';
export * from './fleet';
export * from './layout';
export * from './digest';
export * from './rules';
export * from './schemas';
export * from './requests';
export * from './policy';
export * from './freezes';
export * from './promotion';
export * from './lifecycle';
export * from './campaigns';
export * from './variables';
export * from './cloud';
