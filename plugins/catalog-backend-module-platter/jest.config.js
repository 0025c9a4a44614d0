module.exports = { ...require('../../jest.preset.js'), displayName: '@platter/plugin-catalog-backend-module-platter' };
