import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { platterApiRef } from '../../api/ref';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { PlatterTenantPicker, type PlatterTenantPickerProps } from './PlatterTenantPicker';

const group = (name: string, title: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', title },
  spec: { type: 'team', children: [] },
});

describe('PlatterTenantPicker', () => {
  it.each([
    ['a tenant member: their own tenant', ['team-a'], ['Team A (shop) · tenant team-a']],
    [
      'the platform team: every tenant',
      ['team-a', 'team-b'],
      ['Team A (shop) · tenant team-a', 'Team B · tenant team-b'],
    ],
  ])('%s, by title; the value is the tenant name', async (_name, tenants, labels) => {
    const onChange = jest.fn();
    const props = {
      schema: { title: 'Team' },
      idSchema: { $id: 'root_tenant' },
      formData: undefined,
      onChange,
      rawErrors: [],
    } as unknown as PlatterTenantPickerProps;
    await renderInPlatterTestApp(<PlatterTenantPicker {...props} />, {
      apis: [
        [
          platterApiRef,
          {
            tenants: jest.fn().mockResolvedValue({
              all: tenants.length > 1,
              tenants: tenants.map((t) => ({ name: t, owner: `group:default/${t}`, stages: [] })),
            }),
          },
        ],
        [catalogApiRef, catalogApiMock({ entities: [group('team-a', 'Team A (shop)'), group('team-b', 'Team B')] })],
      ],
    });
    const select = await screen.findByLabelText('Team');
    const options = within(select).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Choose a team', ...labels]);
    await userEvent.selectOptions(select, 'team-a');
    expect(onChange).toHaveBeenLastCalledWith('team-a');
  });
});
