import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans AddRuntimeService. (Being written: see the change-request issue.) */
export const planAddRuntimeService: Planner<'AddRuntimeService'> = () => {
  throw new PlatterError('InvalidRequest', 'AddRuntimeService cannot be planned yet');
};
