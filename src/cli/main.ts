// Entry point of the `vmbot` command (npm run vmbot -- <command>, npm start, bin/vmbot.js).
import { main } from './program';

process.exitCode = await main(process.argv.slice(2));
