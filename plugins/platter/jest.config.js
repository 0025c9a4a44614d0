// Frontend project: jsdom (26, see FIELD-NOTES), SWC for TS/TSX, and Backstage's
// frontend packages ship ESM only, so Jest transforms node_modules too, except a
// CJS allow-list of big packages that load as they are (faster, and they break
// nothing by not being transformed). CSS and images become stubs.
const preset = require('../../jest.preset.js');

const cjsAllowList = [
  'react',
  'react-dom',
  'react-is',
  'scheduler',
  'prop-types',
  '@material-ui',
  '@babel/runtime',
  'lodash',
  'jsdom',
  '@testing-library',
  'jest[^/]*',
  '@jest',
  'core-js',
  'zod',
  'semver',
  'ajv',
  'ajv-formats',
  'json-schema-traverse',
  'fast-deep-equal',
  'fast-uri',
  'date-fns',
  'luxon',
  'moment',
  'immer',
  'rxjs',
  'typescript',
  '@swc',
];

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  displayName: '@platter/plugin-platter',
  testEnvironment: 'jsdom',
  transformIgnorePatterns: [`/node_modules/(?:${cjsAllowList.join('|')})/`],
  moduleNameMapper: {
    'style-inject/dist/style-inject\\.es\\.esm(\\.js)?$': '<rootDir>/src/testing/styleInjectStub.js',
    '\\.(css|less|scss)$': '<rootDir>/src/testing/styleStub.js',
    '\\.(svg|png|jpg|jpeg|gif|webp|ico)$': '<rootDir>/src/testing/fileStub.js',
  },
  setupFilesAfterEnv: ['<rootDir>/src/testing/setupTests.ts'],
  testTimeout: 30000,
};
