import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans OffboardApp. (Being written: see the change-request issue.) */
export const planOffboardApp: Planner<'OffboardApp'> = () => {
  throw new PlatterError('InvalidRequest', 'OffboardApp cannot be planned yet');
};
