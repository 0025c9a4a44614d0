/**
 * @packageDocumentation
 * The `platter` command: init, validate, render; `plan`/`apply` of any change
 * request and the day-2 shortcuts that build them (env, tenant, app, addon,
 * component, promote, rollback, config, secret, menu), and the queries (menu
 * list/usage/upgrade-plan, drift). `runCli` runs it in-process.
 */
export { runCli, createProgram } from './main';
export type { CliIO } from './io';
export { EXIT } from './exitCodes';
