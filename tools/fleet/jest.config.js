module.exports = { ...require('../../jest.preset.js'), displayName: '@platter/tools-fleet' };
