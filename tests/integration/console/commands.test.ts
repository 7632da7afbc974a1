import { describe, expect, inject, it } from 'vitest';
import { runVmbot } from '../support/vmbot-process';

/**
 * `npm start` (vmbot chat) and `vmbot serve` as a person runs them: each prints the web
 * console's address, and the console answers there while the command runs.
 */
const run = (args: string[]) =>
  runVmbot(args, { env: { AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint') } });

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
