module.exports = { ...require('../../jest.preset.js'), displayName: '@platter/plugin-platter' };
