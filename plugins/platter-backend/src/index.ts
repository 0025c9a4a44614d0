/**
 * @packageDocumentation
 * Platter's backend plugin (pluginId `platter`): `POST /plan` (the read-only
 * preview the templates' PlatterPlanPreview field calls), `GET /menu` and
 * `GET /diagnostics`. Install with `backend.add(import('@platter/plugin-platter-backend'))`.
 */
export { platterPlugin as default } from './plugin';
