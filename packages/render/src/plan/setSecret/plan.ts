import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans SetSecret. (Being written: see the change-request issue.) */
export const planSetSecret: Planner<'SetSecret'> = () => {
  throw new PlatterError('InvalidRequest', 'SetSecret cannot be planned yet');
};
