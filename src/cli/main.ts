// Entry point of the `vmbot` command (npm run vmbot -- <command>, npm start, bin/vmbot.js).
export {};
// The pinned AWS SDK warns that its future releases will need Node 22: noise for a CLI user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { main } = await import('./program');

process.exitCode = await main(process.argv.slice(2));
