import { PlatterError } from '@platter/model';
import type { Planner } from '../types';

/** Plans RemoveComponentFromStage. (Being written: see the change-request issue.) */
export const planRemoveComponentFromStage: Planner<'RemoveComponentFromStage'> = () => {
  throw new PlatterError('InvalidRequest', 'RemoveComponentFromStage cannot be planned yet');
};
