import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans UpgradeComponent. (Being written: see the change-request issue.) */
export const planUpgradeComponent: Planner<'UpgradeComponent'> = () => {
  throw new PlatterError('InvalidRequest', 'UpgradeComponent cannot be planned yet');
};
