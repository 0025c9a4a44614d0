import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans OnboardTenant. (Being written: see the change-request issue.) */
export const planOnboardTenant: Planner<'OnboardTenant'> = () => {
  throw new PlatterError('InvalidRequest', 'OnboardTenant cannot be planned yet');
};
