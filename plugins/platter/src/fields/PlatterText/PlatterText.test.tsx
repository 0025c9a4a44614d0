import { checkName, checkVersion } from '@platter/model';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { PlatterText, type PlatterTextProps } from './PlatterText';
import type { PlatterTextUiOptions } from './schema';
import { platterTextValidation } from './validation';

/** The field as the scaffolder form drives it: controlled. */
function Harness({ options, title }: { options: PlatterTextUiOptions; title: string }) {
  const [value, setValue] = useState<string | undefined>();
  const props = {
    name: 'field',
    schema: { title, description: 'what to type' },
    uiSchema: { 'ui:options': options },
    idSchema: { $id: 'root_field' },
    formData: value,
    onChange: setValue,
    rawErrors: [],
    registry: {},
  } as unknown as PlatterTextProps;
  return <PlatterText {...props} />;
}

describe('PlatterText', () => {
  it.each<[string, PlatterTextUiOptions, string, string | undefined]>([
    ['a bad app name', { rule: 'name', thing: 'app' }, 'Checkout_App', checkName('app', 'Checkout_App')?.message],
    ['a reserved tenant name', { rule: 'name', thing: 'tenant' }, 'platter', checkName('tenant', 'platter')?.message],
    ['a good name', { rule: 'name', thing: 'app' }, 'checkout', undefined],
    ['latest is not a version', { rule: 'version' }, 'latest', checkVersion('latest', 'version')?.message],
    ['a v prefix', { rule: 'version' }, 'v1.2.0', checkVersion('v1.2.0', 'version')?.message],
    ['a version', { rule: 'version' }, '1.2.0-rc.1', undefined],
  ])("%s: the model's message shows while typing", async (_name, options, typed, message) => {
    render(<Harness options={options} title="Value" />);
    await userEvent.type(screen.getByLabelText('Value'), typed);
    const help = screen.getByTestId('root_field-help');
    if (message) {
      expect(help).toHaveTextContent(message);
      expect(screen.getByLabelText('Value')).toHaveAttribute('aria-invalid', 'true');
    } else {
      expect(help).toHaveTextContent('what to type');
      expect(screen.getByLabelText('Value')).toHaveAttribute('aria-invalid', 'false');
    }
  });

  it.each([
    ['Checkout_App', { rule: 'name', thing: 'app' } as const, 1],
    ['checkout', { rule: 'name', thing: 'app' } as const, 0],
    ['latest', { rule: 'version' } as const, 1],
  ])('validation blocks Next on %s', (value, options, errors) => {
    const addError = jest.fn();
    platterTextValidation(value, { addError } as never, { uiSchema: { 'ui:options': options } } as never);
    expect(addError).toHaveBeenCalledTimes(errors);
  });
});
