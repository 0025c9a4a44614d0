// Jest stub for CSS imports (Backstage UI ships .css files imported from JS).
module.exports = {};
