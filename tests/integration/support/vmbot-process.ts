import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { join } from 'node:path';

/** vmbot run as a person runs it: a child process of `tsx src/cli/main.ts`, its output kept. */
export const ROOT = join(__dirname, '..', '..', '..');

export interface VmbotOptions {
  cwd?: string;
  /** Added to this process's environment; undefined removes a variable. */
  env?: Record<string, string | undefined>;
}

export function runVmbot(args: string[], options: VmbotOptions = {}) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TABLE_NAME: `vmbot-commands-${randomUUID().slice(0, 8)}`,
    ...options.env,
  };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const child = spawn(
    join(ROOT, 'node_modules/.bin/tsx'),
    [join(ROOT, 'src/cli/main.ts'), ...args],
    {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (output.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  /** Resolves with the first match of `pattern` in stdout + stderr. */
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = `${output.stdout}\n${output.stderr}`.match(pattern);
      if (match) return match;
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`no ${pattern} in:\n${output.stdout}\n${output.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, output, exited, waitFor };
}

/** A port free right now (bound and let go), for a test's own "well-known" port: never 8300. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
