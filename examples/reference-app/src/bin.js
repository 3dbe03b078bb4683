#!/usr/bin/env node
// The installed `shopper-spectrum` command: runs the TypeScript CLI through tsx, resolving the
// workspace packages to their sources (the reference app is a private example, never built).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tsx = require.resolve('tsx/cli');
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const r = spawnSync(process.execPath, [tsx, '--conditions=@shopper-spectrum/source', cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
