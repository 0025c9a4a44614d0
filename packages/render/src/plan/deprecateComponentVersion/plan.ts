import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans DeprecateComponentVersion. (Being written: see the change-request issue.) */
export const planDeprecateComponentVersion: Planner<'DeprecateComponentVersion'> = () => {
  throw new PlatterError('InvalidRequest', 'DeprecateComponentVersion cannot be planned yet');
};
