import { stageNameOf } from './pickerData';

describe('stageNameOf', () => {
  it.each([
    ['a fixed stage', { stage: 'prod' }, {}, 'prod'],
    ['a text field', { stageField: 'stage' }, { stage: 'staging' }, 'staging'],
    ['an EntityPicker ref', { stageField: 'stage' }, { stage: 'resource:default/stage-prod' }, 'prod'],
    ['an empty field', { stageField: 'stage' }, { stage: '' }, undefined],
    ['no options', undefined, {}, undefined],
  ])('%s', (_name, options, formData, stage) => {
    expect(stageNameOf(options as never, formData)).toBe(stage);
  });
});
