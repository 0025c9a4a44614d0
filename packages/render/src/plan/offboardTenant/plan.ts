import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans OffboardTenant. (Being written: see the change-request issue.) */
export const planOffboardTenant: Planner<'OffboardTenant'> = () => {
  throw new PlatterError('InvalidRequest', 'OffboardTenant cannot be planned yet');
};
