/**
 * @packageDocumentation
 * The `platter` command: init, validate, render (and, with the change-request
 * issue, plan/apply and the day-2 shortcuts). `runCli` runs it in-process.
 */
export { runCli, createProgram } from './main';
export type { CliIO } from './io';
export { EXIT } from './exitCodes';
