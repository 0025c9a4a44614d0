import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans AddComponentToStage. (Being written: see the change-request issue.) */
export const planAddComponentToStage: Planner<'AddComponentToStage'> = () => {
  throw new PlatterError('InvalidRequest', 'AddComponentToStage cannot be planned yet');
};
