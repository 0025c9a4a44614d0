/**
 * The Platter portal's backend: Backstage's catalog, scaffolder, auth (guest,
 * for the demo), permissions with Platter's policy, and the Platter plugins
 * (plan preview routes, the environment entity provider, the platter:* actions),
 * and search over the catalog.
 */
import { createBackend } from '@backstage/backend-defaults';
import { platterPermissionPolicyModule } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@platter/plugin-catalog-backend-module-platter'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@platter/plugin-scaffolder-backend-module-platter'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(platterPermissionPolicyModule);

backend.add(import('@platter/plugin-platter-backend'));

// Search (issue 23 item 6): the default in-memory Lunr engine, fed by the catalog collator (Platter's entities too).
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.start();
