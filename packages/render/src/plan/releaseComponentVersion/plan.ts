import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans ReleaseComponentVersion. (Being written: see the change-request issue.) */
export const planReleaseComponentVersion: Planner<'ReleaseComponentVersion'> = () => {
  throw new PlatterError('InvalidRequest', 'ReleaseComponentVersion cannot be planned yet');
};
