#!/usr/bin/env node
// The installed `vmbot` command: runs the TypeScript CLI through tsx, as `npm run vmbot` does.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
