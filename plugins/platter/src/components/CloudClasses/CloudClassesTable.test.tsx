import { screen, within } from '@testing-library/react';
import type { CloudClassesResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { CloudClassesTable } from './CloudClassesTable';

const CLASSES: CloudClassesResponse = {
  commit: 'c0ffee',
  diagnostics: [],
  classes: [
    {
      name: 'postgres',
      version: '2.1.0',
      backend: { type: 'terraform', path: './cloud/postgres/2.1.0/module', interval: '10m' },
      parameters: {
        type: 'object',
        properties: { storageGb: { type: 'integer', default: 20 }, backups: { type: 'boolean' } },
      },
      stages: {
        prod: { review: true, deletionPolicy: 'Orphan', limits: { properties: { backups: { const: true } } } },
      },
      outputs: ['host', 'password'],
      lifecycle: { status: 'deprecated', sunset: '2027-06-01' },
    },
    {
      name: 's3-bucket',
      version: '1.0.0',
      backend: {
        type: 'crossplane',
        apiVersion: 'platform.example.org/v1alpha1',
        kind: 'Bucket',
        compositionRef: 's3',
      },
      parameters: { type: 'object' },
      stages: {},
      outputs: ['bucket'],
      lifecycle: { status: 'stable' },
    },
  ],
};

describe('CloudClassesTable', () => {
  it('lists each class version: backend, lifecycle, what each stage allows, parameters with defaults, outputs', async () => {
    const api = { cloudClasses: jest.fn(async () => CLASSES) };
    await renderInPlatterTestApp(<CloudClassesTable />, { apis: [[platterApiRef, api]] });
    const table = await screen.findByRole('table', { name: 'Cloud resource classes' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      [
        'postgres',
        '2.1.0',
        'terraform',
        'deprecated, sunset 2027-06-01',
        'prod: review, limits, Orphan',
        'storageGb = 20, backups',
        'host, password',
      ],
      ['s3-bucket', '1.0.0', 'crossplane (Bucket)', 'stable', 'every stage: review', '', 'bucket'],
    ]);
  });
});
