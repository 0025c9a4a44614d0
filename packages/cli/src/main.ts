import { Command, CommanderError } from 'commander';
import { formatDiagnostic, isPlatterError, isRequestRejected } from '@platter/model';
import { registerAddon } from './commands/addon';
import { registerAdopt } from './commands/adopt';
import { registerApp } from './commands/app';
import { registerCampaign } from './commands/campaign';
import { registerCheck } from './commands/check';
import { registerCi } from './commands/ci';
import { registerCloud } from './commands/cloud';
import { registerComponent } from './commands/component';
import { registerConfig } from './commands/config';
import { registerDrift } from './commands/drift';
import { registerEnv } from './commands/env';
import { registerExplain } from './commands/explain';
import { registerHistory } from './commands/history';
import { registerInit } from './commands/init';
import { registerLifecycle } from './commands/lifecycle';
import { registerMenu } from './commands/menu';
import { registerPlan } from './commands/plan';
import { registerPromote } from './commands/promote';
import { registerRender } from './commands/render';
import { registerRollback } from './commands/rollback';
import { registerSecret } from './commands/secret';
import { registerStage } from './commands/stage';
import { registerTenant } from './commands/tenant';
import { registerValidate } from './commands/validate';
import type { CommandContext } from './commands/context';
import { EXIT, exitCodeFor, UsageError } from './exitCodes';
import { processIO, type CliIO } from './io';

/** Builds the `platter` program; commands write through `io` and report their exit code. */
export function createProgram(ctx: CommandContext): Command {
  const program = new Command('platter')
    .description(
      'Platter: a versioned menu of runtime components and typed change requests for a Kustomize + Flux GitOps repository',
    )
    .version('0.1.0')
    .showHelpAfterError()
    // Root options only before a subcommand: `app add --version 1.2.0` is the app's version, not ours.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
  registerInit(program, ctx);
  registerValidate(program, ctx);
  registerCheck(program, ctx);
  registerAdopt(program, ctx);
  registerRender(program, ctx);
  // Change requests (DESIGN §3): any kind from a file, then the shortcuts people type.
  registerPlan(program, ctx);
  registerEnv(program, ctx);
  registerStage(program, ctx);
  registerTenant(program, ctx);
  registerApp(program, ctx);
  registerAddon(program, ctx);
  registerComponent(program, ctx);
  registerPromote(program, ctx);
  registerRollback(program, ctx);
  registerConfig(program, ctx);
  registerSecret(program, ctx);
  registerMenu(program, ctx);
  registerLifecycle(program, ctx); // platter freezes, platter menu outdated (issue 19)
  registerCampaign(program, ctx); // platter campaign start|status|next (issue 19)
  registerDrift(program, ctx);
  registerExplain(program, ctx);
  registerHistory(program, ctx);
  registerCi(program, ctx); // platter ci verify|promote (issue 20)
  registerCloud(program, ctx); // platter cloud add|remove (issue 21)
  const configure = (cmd: Command): void => {
    cmd.exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
    cmd.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/** Runs the CLI and returns its exit code (0 ok, 1 findings/rejected, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let code = EXIT.ok as number;
  const ctx: CommandContext = { io, exit: (c) => (code = Math.max(code, c)) };
  const program = createProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.err(`${e.message}\n`);
      return EXIT.usage;
    }
    if (isRequestRejected(e)) {
      for (const d of e.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
      return exitCodeFor(e);
    }
    if (isPlatterError(e)) {
      io.err(`${e.code}${e.path ? ` ${e.path}` : ''}: ${e.message}\n`);
      return exitCodeFor(e);
    }
    io.err(`internal error (a bug in platter, please report it): ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.internal;
  }
  return code;
}
