import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import platterPlugin from '@platter/plugin-platter/alpha';
import { portalModule } from './modules/portal';
import { catalogNamesModule } from './modules/catalogNames';

/**
 * The Platter portal: Backstage's catalog and scaffolder with the Platter plugin
 * (environment cards, the deployments card, the Menu page, the addon picker and
 * plan preview fields) and search (/search), on the new frontend system.
 */
export default createApp({
  features: [catalogPlugin, scaffolderPlugin, searchPlugin, platterPlugin, portalModule, catalogNamesModule],
});
