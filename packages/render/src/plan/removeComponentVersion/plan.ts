import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans RemoveComponentVersion. (Being written: see the change-request issue.) */
export const planRemoveComponentVersion: Planner<'RemoveComponentVersion'> = () => {
  throw new PlatterError('InvalidRequest', 'RemoveComponentVersion cannot be planned yet');
};
