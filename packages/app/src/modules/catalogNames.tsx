import type { ReactNode } from 'react';
import { coreExtensionData, createFrontendModule } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { makeStyles } from '@material-ui/core';

/**
 * The catalog page with names that never wrap. Among the Resources list's eight
 * columns, the catalog squeezes the Name column until names break letter by
 * letter ("argo-rollout s") while the long descriptions keep their width (issue
 * 24). plugin-catalog 2.0.9's `page:catalog` has no column setting, so this
 * override keeps the page as it is and only styles the first column (Name, the
 * first of every default column set): one line, the other columns wrap instead.
 */
const useStyles = makeStyles({
  page: {
    display: 'contents',
    '& table tbody td:first-of-type': { whiteSpace: 'nowrap' },
  },
});

function NamesOnOneLine(props: { children: ReactNode }) {
  return <div className={useStyles().page}>{props.children}</div>;
}

const catalogPage = catalogPlugin.getExtension('page:catalog').override({
  factory(originalFactory) {
    return [...originalFactory()].map((data) =>
      data.id === coreExtensionData.reactElement.id
        ? coreExtensionData.reactElement(<NamesOnOneLine>{data.value as ReactNode}</NamesOnOneLine>)
        : data,
    );
  },
});

/** Overrides of the catalog plugin's extensions for the portal. */
export const catalogNamesModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogPage],
});
