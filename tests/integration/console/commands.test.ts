import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

/**
 * `npm start` (vmbot chat) and `vmbot serve` as a person runs them: each prints the web
 * console's address, and the console answers there while the command runs.
 */
const ROOT = join(__dirname, '..', '..', '..');

function run(args: string[]) {
  const child = spawn(
    join(ROOT, 'node_modules/.bin/tsx'),
    [join(ROOT, 'src/cli/main.ts'), ...args],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
        TABLE_NAME: `vmbot-commands-${randomUUID().slice(0, 8)}`,
      },
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

const ADDRESS = /Web console: (http:\/\/127\.0\.0\.1:\d+\/)/;

describe('the commands that serve the console', () => {
  it('npm start (vmbot chat) prints the console address and serves it during the chat', async () => {
    const chat = run(['chat', '--port', '0']);
    const [, url] = await chat.waitFor(ADDRESS);
    // Piped, the address goes to stderr: the conversation on stdout stays as it was.
    expect(chat.output.stderr).toMatch(ADDRESS);
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('vmbot console');
    chat.child.stdin.end('help\n');
    expect(await chat.exited).toBe(0);
    expect(chat.output.stdout).toMatch(/^bot: /);
  });

  it('vmbot serve prints the console address first and serves it next to the Lex API', async () => {
    const serve = run(['serve', '--port', '0']);
    const [, url] = await serve.waitFor(ADDRESS);
    expect(serve.output.stdout.split('\n')[0]).toBe(`Web console: ${url}`);
    const bot = await fetch(`${url}console/api/bot`);
    expect(await bot.json()).toMatchObject({ botId: 'VMBOTLOCAL' });
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });
});
