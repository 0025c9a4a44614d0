import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans PromoteApp. (Being written: see the change-request issue.) */
export const planPromoteApp: Planner<'PromoteApp'> = () => {
  throw new PlatterError('InvalidRequest', 'PromoteApp cannot be planned yet');
};
