module.exports = { ...require('../../jest.preset.js'), displayName: '@platter/plugin-scaffolder-backend-module-platter' };
