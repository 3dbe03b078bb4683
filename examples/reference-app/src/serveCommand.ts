/** `shopper-spectrum serve`: its flags, checks and start-up. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliMessage, EXIT, exitCodeOf } from './errors.js';
import { EXIT_HELP, intFlag, resolvePlugins, usage } from './cliShared.js';
import type { Io } from './cliShared.js';
import { parseArgs } from 'node:util';
import { startServer } from './server.js';

export const SERVE_HELP = `Usage: shopper-spectrum serve --artifacts <dir> [--port <n>] [--host <addr>] [--plugin <file>]

Serves the dashboard at / and the JSON API under /api over the artifacts analyze wrote.

Options:
  --artifacts <dir>    the --out directory of analyze (default: out)
  --port <n>           TCP port, 0 for any free port (default 3000)
  --host <addr>        address to listen on (default 127.0.0.1)
  --plugin <file>      the --plugin modules analyze was given, so their model files load. Repeatable
  --quiet              no request log
  --help               this text

API: GET /api/health, GET /api/customers/:id/recommendations?k=&seen=&model=&history=,
     GET /api/products/:stockCode/similar?k=, GET /api/products/search?q=&limit=,
     POST /api/segments/predict {recency, frequency, monetary},
     GET /api/sales?from=&to=&country=&interval=, GET /api/products/top?by=&limit=&from=&to=&country=
See docs/dashboard-and-api.md.

${EXIT_HELP}`;

/** Runs `serve` with its arguments; resolves to the exit code once listening (or failing). */
export async function runServe(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        artifacts: { type: 'string', default: 'out' },
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        plugin: { type: 'string', multiple: true, default: [] },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  if (values.help) {
    io.stdout.write(`${SERVE_HELP}\n`);
    return EXIT.ok;
  }
  const port = intFlag(values.port, 'port', 0, 65535);
  if (typeof port === 'string') return usage(io, port);
  const dir = resolve(io.cwd, values.artifacts);
  if (!existsSync(resolve(dir, 'analysis.json'))) {
    io.stderr.write(`No artifacts in ${dir} (analysis.json is missing). Run first: pnpm shopper-spectrum analyze --out ${values.artifacts}\n`);
    return EXIT.missingFile;
  }
  const plugins = await resolvePlugins(values.plugin, io);
  if (typeof plugins === 'number') return plugins;
  try {
    const server = await startServer({ artifacts: dir, port, host: values.host, log: values.quiet ? null : io.stderr });
    io.stdout.write(`Dashboard: ${server.url}/   API: ${server.url}/api/health   (Ctrl-C to stop)\n`);
    return EXIT.ok;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      const why = code === 'EADDRINUSE' ? `port ${port} is already in use (another server, or an earlier serve still running): pass --port 0 for any free port, or another --port` : code === 'EACCES' ? `this user may not listen on port ${port} (ports below 1024 need privileges): pass a --port above 1023` : `${values.host} is not an address of this machine: pass --host 127.0.0.1`;
      io.stderr.write(`Cannot serve ${dir}: ${why}.\n`);
      return EXIT.cannotListen;
    }
    io.stderr.write(`Cannot serve ${dir}: ${cliMessage(error)}\n`);
    return exitCodeOf(error) === EXIT.failure ? EXIT.badData : exitCodeOf(error);
  }
}
