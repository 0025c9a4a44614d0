import { createApiRef } from '@backstage/core-plugin-api';
import type { PlatterApi } from './types';

/** The Platter backend client (PlatterClient by default). */
export const platterApiRef = createApiRef<PlatterApi>({ id: 'plugin.platter.service' });
