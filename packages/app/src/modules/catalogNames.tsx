import type { ReactNode } from 'react';
import { coreExtensionData, createFrontendModule } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { makeStyles } from '@material-ui/core';

/**
 * The catalog page with names and types that never wrap. Among the Resources
 * list's eight columns, the catalog squeezes the short columns until names break
 * letter by letter ("argo-rollout s") and types at their hyphen ("runtime-" /
 * "component") while the long descriptions keep their width (issue 24).
 * plugin-catalog 2.0.9's `page:catalog` has no column setting (its
 * `columns` prop is the legacy `CatalogIndexPage`'s only), and the Type column
 * moves or disappears with the filters (hidden while a type is picked), so this
 * override keeps the page as it is and styles cells by what they hold: the first
 * column (Name, the first of every default column set) and every cell of plain
 * text (Type, Lifecycle: one word each; their values are rendered as bare text)
 * stay on one line. Cells with markup (the description's OverflowTooltip, which
 * truncates itself; owner and system links; tag chips) keep wrapping.
 */
const useStyles = makeStyles({
  page: {
    display: 'contents',
    '& table tbody td:first-of-type, & table tbody td:not(:has(*))': { whiteSpace: 'nowrap' },
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
