import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans Rollback. (Being written: see the change-request issue.) */
export const planRollback: Planner<'Rollback'> = () => {
  throw new PlatterError('InvalidRequest', 'Rollback cannot be planned yet');
};
