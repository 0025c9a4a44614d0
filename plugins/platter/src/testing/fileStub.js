// Jest stub for image imports.
module.exports = 'test-file-stub';
