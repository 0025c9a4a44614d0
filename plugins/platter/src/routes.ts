import { createRouteRef } from '@backstage/core-plugin-api';

/** The Menu page (legacy mount point; the new system's page uses its converted form at /platter/menu). */
export const rootRouteRef = createRouteRef({ id: 'platter' });
