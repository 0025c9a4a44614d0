import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans CreateEnvironment. (Being written: see the change-request issue.) */
export const planCreateEnvironment: Planner<'CreateEnvironment'> = () => {
  throw new PlatterError('InvalidRequest', 'CreateEnvironment cannot be planned yet');
};
