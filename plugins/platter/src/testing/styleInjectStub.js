// Jest stub for the `style-inject` helper Backstage UI bundles: jsdom 26 cannot
// parse its nested CSS and logs an error per stylesheet; tests need no styles.
module.exports = { __esModule: true, default: () => undefined };
