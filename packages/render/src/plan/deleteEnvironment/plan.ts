import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans DeleteEnvironment. (Being written: see the change-request issue.) */
export const planDeleteEnvironment: Planner<'DeleteEnvironment'> = () => {
  throw new PlatterError('InvalidRequest', 'DeleteEnvironment cannot be planned yet');
};
