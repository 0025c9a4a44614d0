export {
  activeFreezesOn,
  freezeStatuses,
  checkFreezes,
  enforceFreezes,
  freezesReached,
  freezeWindow,
  isFreezeActive,
} from './freezes';
export type { Freeze, FreezeHit, FreezeOverride, FreezeStatus } from './freezes';
export { freezeSchema, freezesSchema, parseFreezes } from './schema';
