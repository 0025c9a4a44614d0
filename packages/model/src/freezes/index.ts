export { activeFreezesOn, checkFreezes, enforceFreezes, freezesReached, freezeWindow, isFreezeActive } from './freezes';
export type { Freeze, FreezeHit, FreezeOverride } from './freezes';
export { freezeSchema, freezesSchema, parseFreezes } from './schema';
