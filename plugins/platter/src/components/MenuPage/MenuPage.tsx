import { useState, type ReactNode } from 'react';
import { Content, Header, Page } from '@backstage/core-components';
import { makeStyles, Tab, Tabs } from '@material-ui/core';
import { FleetOverview } from '../FleetOverview';
import { MenuTable } from './MenuTable';
import { CampaignView, MatrixView, OutdatedView } from '../Lifecycle';
import { CloudClassesTable } from '../CloudClasses';
import { useAfterFirstPaint } from '../../internal/useAfterFirstPaint';

/** MUI Tabs' height, kept while the tabs wait for the first paint. */
const TABS_HEIGHT_PX = 48;
const useStyles = makeStyles((theme) => ({ tabs: { marginBottom: theme.spacing(2), minHeight: TABS_HEIGHT_PX } }));

/**
 * The menu page: views over the menu and the fleet, each reading an aggregated
 * answer of platter-backend, so the page stays a few screens tall at 1,000 envs
 * and more (issue 24). A view is one entry of MENU_VIEWS: the compatibility
 * matrix and the outdated view are added there when the core answers them.
 */
export interface MenuView {
  readonly id: string;
  readonly label: string;
  readonly render: () => ReactNode;
}

/** The views, in tab order; the first one opens. */
export const MENU_VIEWS: readonly MenuView[] = [
  { id: 'versions', label: 'Versions and usage', render: () => <MenuTable /> },
  { id: 'fleet', label: 'Stages × components', render: () => <FleetOverview /> },
  { id: 'outdated', label: 'Outdated and freezes', render: () => <OutdatedView /> },
  { id: 'matrix', label: 'Compatibility matrix', render: () => <MatrixView /> },
  { id: 'campaign', label: 'Upgrade campaign', render: () => <CampaignView /> },
  { id: 'cloud', label: 'Cloud classes', render: () => <CloudClassesTable /> },
];

/** Props of {@link MenuPage}. */
export interface MenuPageProps {
  /** Page title; default `Platter menu`. */
  readonly title?: string;
  /** Render the page's own Header (legacy apps). The new frontend system's page header replaces it. */
  readonly withHeader?: boolean;
  /** The view to open (a MENU_VIEWS id); default the first. */
  readonly view?: string;
}

export function MenuPage(props: MenuPageProps) {
  const { title = 'Platter menu', withHeader = true } = props;
  const content = (
    <Content>
      <MenuViews initial={props.view} />
    </Content>
  );
  if (!withHeader) return content;
  return (
    <Page themeId="tool">
      <Header title={title} subtitle="Runtime components, their versions, lifecycle and where they run" />
      {content}
    </Page>
  );
}

function MenuViews(props: { initial?: string }) {
  const [id, setId] = useState(MENU_VIEWS.some((v) => v.id === props.initial) ? props.initial! : MENU_VIEWS[0]!.id);
  const view = MENU_VIEWS.find((v) => v.id === id)!;
  // The tabs come once the view's first rows are painted (MUI's Tabs measure themselves on mount: a forced
  // layout before the rows); their height is kept meanwhile, so nothing below moves (issue 24, P5).
  const painted = useAfterFirstPaint();
  const classes = useStyles();
  return (
    <>
      <div className={classes.tabs}>
        {painted && (
          <Tabs value={id} onChange={(_e, v: string) => setId(v)} indicatorColor="primary" aria-label="Menu views">
            {MENU_VIEWS.map((v) => (
              <Tab key={v.id} value={v.id} label={v.label} />
            ))}
          </Tabs>
        )}
      </div>
      {view.render()}
    </>
  );
}
