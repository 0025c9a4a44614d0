import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans SetConfig. (Being written: see the change-request issue.) */
export const planSetConfig: Planner<'SetConfig'> = () => {
  throw new PlatterError('InvalidRequest', 'SetConfig cannot be planned yet');
};
