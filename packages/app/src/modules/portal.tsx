import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
  SignInPage,
} from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { IconBundleBlueprint, NavContentBlueprint, SignInPageBlueprint } from '@backstage/plugin-app-react';
import MenuIcon from '@material-ui/icons/Menu';
import MergeTypeIcon from '@material-ui/icons/MergeType';

/** Guest sign-in for the demo (the backend's guest provider decides who the guest is). */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => (props) => <SignInPage {...props} providers={['guest']} title="Platter" align="center" />,
  },
});

/** The sidebar: the catalog, the templates, and Platter's Menu page first. */
const sidebar = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      const nav = navItems.withComponent((item) => (
        <SidebarItem icon={() => item.icon} to={item.href} text={item.title} />
      ));
      return (
        <Sidebar>
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            {nav.take('page:catalog')}
            {nav.take('page:scaffolder')}
            {nav.take('page:platter')}
            <SidebarDivider />
            <SidebarScrollWrapper>{nav.rest({ sortBy: 'title' })}</SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
        </Sidebar>
      );
    },
  },
});

/**
 * Icons the Platter templates' task links name besides Backstage's own
 * (`github` is one): `gitlab` for a GitLab remote's commit, branch and merge
 * request links (publish's hostIcon), so they do not show GitHub's mark. Material
 * has no GitLab mark: a merge icon, as the portal's own cards show.
 */
const platterIcons = IconBundleBlueprint.make({
  name: 'platter',
  params: { icons: { gitlab: MergeTypeIcon } },
});

export const portalModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, sidebar, platterIcons],
});
