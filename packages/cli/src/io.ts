import pc from 'picocolors';

/**
 * Where the CLI writes. Commands never touch process.stdout directly, so tests
 * run them in-process and read what they printed.
 */
export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Working directory relative paths are resolved against. */
  readonly cwd: string;
  readonly color: boolean;
  /** Reads all of standard input (`secret set`, `-f -`). */
  readonly readStdin?: () => Promise<string>;
  /** Whether standard input is a terminal (then commands say they are waiting for it). */
  readonly stdinIsTTY?: boolean;
}

export const processIO = (): CliIO => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  color: pc.isColorSupported && !process.env.NO_COLOR,
  stdinIsTTY: process.stdin.isTTY === true,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
});

export function colors(io: CliIO) {
  const c = pc.createColors(io.color);
  return { red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan, bold: c.bold, dim: c.dim };
}
