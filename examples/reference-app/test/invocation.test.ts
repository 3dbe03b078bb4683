/**
 * How the CLI was started decides the command lines it prints: each way of starting it, given as
 * the script, the CLI's own file and the environment a real start would show, and the quoting of
 * the arguments those lines carry, read back by a real shell.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { commandPrefix, invocation, shellQuote } from '../src/invocation.js';

const repo = '/home/me/shopper-spectrum';
const project = '/home/me/shop';
const installedSelf = `${project}/node_modules/shopper-spectrum/dist/cli.js`;

describe('invocation', () => {
  it('through pnpm in this repository is the README form, npx -y pnpm@10 shopper-spectrum', () => {
    const env = { npm_config_user_agent: 'pnpm/10.34.9 npm/? node/v20.20.2 linux x64', npm_execpath: '/root/.npm/_npx/x/node_modules/pnpm/bin/pnpm.cjs', npm_lifecycle_event: 'shopper-spectrum' };
    expect(invocation({ script: `${repo}/examples/reference-app/src/cli.ts`, self: `${repo}/examples/reference-app/src/invocation.ts`, env })).toEqual({ kind: 'repository', prefix: 'npx -y pnpm@10 shopper-spectrum' });
  });

  it('the demo script (another root script) gives the same README form', () => {
    const env = { npm_config_user_agent: 'pnpm/10.34.9 npm/? node/v20.20.2 linux x64', npm_lifecycle_event: 'demo' };
    expect(commandPrefix({ script: `${repo}/examples/reference-app/src/cli.ts`, self: `${repo}/examples/reference-app/src/cli.ts`, env })).toBe('npx -y pnpm@10 shopper-spectrum');
  });

  it("the repository's build through pnpm is the README form too", () => {
    const env = { npm_execpath: '/usr/lib/node_modules/pnpm/bin/pnpm.cjs' };
    expect(invocation({ script: `${repo}/examples/reference-app/dist/cli.js`, self: `${repo}/examples/reference-app/dist/cli.js`, env }).kind).toBe('repository');
  });

  it("the repository's build given to node is node with its path, relative to where the user stands", () => {
    const self = `${repo}/examples/reference-app/dist/cli.js`;
    expect(invocation({ script: self, self, env: {}, cwd: repo })).toEqual({ kind: 'node', prefix: 'node examples/reference-app/dist/cli.js' });
    expect(commandPrefix({ script: self, self, env: {}, cwd: '/tmp' })).toBe(`node ${self}`);
  });

  it('npx of an installed package is npx shopper-spectrum', () => {
    const env = { npm_lifecycle_event: 'npx', npm_command: 'exec', npm_config_user_agent: 'npm/10.8.2 node/v20.20.2 linux x64 workspaces/false', PATH: `${project}/node_modules/.bin:/usr/bin` };
    expect(invocation({ script: `${project}/node_modules/.bin/shopper-spectrum`, self: installedSelf, env })).toEqual({ kind: 'package', prefix: 'npx shopper-spectrum' });
  });

  it("npx's own cache (npx shopper-spectrum where it is not installed) is npx shopper-spectrum", () => {
    const cache = '/home/me/.npm/_npx/6f1e/node_modules';
    expect(commandPrefix({ script: `${cache}/.bin/shopper-spectrum`, self: `${cache}/shopper-spectrum/dist/cli.js`, env: { npm_lifecycle_event: 'npx' } })).toBe('npx shopper-spectrum');
  });

  it("a project's package script, or node_modules/.bin by hand, is npx shopper-spectrum", () => {
    const script = `${project}/node_modules/.bin/shopper-spectrum`;
    expect(commandPrefix({ script, self: installedSelf, env: { npm_lifecycle_event: 'segments', PATH: `${project}/node_modules/.bin:/usr/bin` } })).toBe('npx shopper-spectrum');
    expect(commandPrefix({ script, self: installedSelf, env: { PATH: '/usr/bin' } })).toBe('npx shopper-spectrum');
  });

  describe('a global install', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'ss-global-'));
    afterAll(() => rmSync(prefix, { recursive: true, force: true }));
    const bin = join(prefix, 'bin');
    mkdirSync(bin);
    const self = join(prefix, 'lib/node_modules/shopper-spectrum/dist/cli.js');

    it('is shopper-spectrum when the command is on the PATH', () => {
      writeFileSync(join(bin, 'shopper-spectrum'), '#!/bin/sh\n');
      expect(invocation({ script: join(bin, 'shopper-spectrum'), self, env: { PATH: `/usr/bin:${bin}` }, platform: 'linux' })).toEqual({ kind: 'global', prefix: 'shopper-spectrum' });
    });

    it('on Windows, is shopper-spectrum when npm put shopper-spectrum.cmd on the PATH', () => {
      const npmDir = mkdtempSync(join(tmpdir(), 'ss-global-win-'));
      writeFileSync(join(npmDir, 'shopper-spectrum.cmd'), '@ECHO off\n');
      try {
        expect(commandPrefix({ script: join(npmDir, 'node_modules/shopper-spectrum/dist/cli.js'), self: join(npmDir, 'node_modules/shopper-spectrum/dist/cli.js'), env: { Path: `C:\\Windows;${npmDir}` }, platform: 'win32' })).toBe('shopper-spectrum');
      } finally {
        rmSync(npmDir, { recursive: true, force: true });
      }
    });

    it('is npx shopper-spectrum when nothing of that name is on the PATH', () => {
      expect(commandPrefix({ script: self, self, env: { PATH: '/usr/bin' }, platform: 'linux' })).toBe('npx shopper-spectrum');
    });

    it('a node_modules/.bin on the PATH (added by npm run) does not count as a global install', () => {
      const local = join(prefix, 'proj/node_modules/.bin');
      mkdirSync(local, { recursive: true });
      writeFileSync(join(local, 'shopper-spectrum'), '#!/bin/sh\n');
      expect(commandPrefix({ script: join(prefix, 'proj/node_modules/shopper-spectrum/dist/cli.js'), self: join(prefix, 'proj/node_modules/shopper-spectrum/dist/cli.js'), env: { PATH: `${local}:/usr/bin` }, platform: 'linux' })).toBe('npx shopper-spectrum');
    });
  });

  it('this test run, from the sources, is the repository', () => {
    expect(invocation().kind).toBe('repository');
  });
});

describe('shellQuote', () => {
  it('leaves a plain path as it is', () => {
    expect(shellQuote('out-real/2011_12.csv.gz')).toBe('out-real/2011_12.csv.gz');
  });

  it('quotes a path with a space', () => {
    expect(shellQuote('my out')).toBe('"my out"');
  });

  it('quotes the empty string, so that it stays an argument', () => {
    expect(shellQuote('')).toBe('""');
  });

  it('any string without NUL or backslash is read back by sh as exactly that one argument', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-quote-'));
    const echo = join(dir, 'args.sh');
    writeFileSync(echo, '#!/bin/sh\nprintf "%s\\n" "$#"\nprintf "%s" "$1"\n');
    chmodSync(echo, 0o755);
    try {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '$', '`', '!', '*', '?', ';', '&', '|', '<', '>', '(', ')', '{', '}', '#', '~', '=', '%', '-', '\t', 'é', '/', '.', '\n'), maxLength: 12 }), (word) => {
          const out = execFileSync('sh', ['-c', `${echo} ${shellQuote(word)}`], { encoding: 'utf8' });
          expect(out).toBe(`1\n${word}`);
        }),
        { numRuns: 60 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
