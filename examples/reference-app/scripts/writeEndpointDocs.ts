/**
 * Rewrites the endpoint list of docs/dashboard-and-api.md (between `<!-- endpoints:begin -->` and
 * `<!-- endpoints:end -->`) from the OpenAPI document the server answers at `GET /api/openapi.json`,
 * built on the same small artifacts as test/serverOpenapi.test.ts, which fails when the two differ.
 *
 * Run: `npx -y pnpm@10 --filter shopper-spectrum docs:endpoints` (from the repository root).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArtifacts } from '../src/artifacts.js';
import { buildServer } from '../src/server.js';
import { renderEndpoints, spliceEndpoints } from '../src/server/endpointDocs.js';
import type { OpenApiDocument } from '../src/server/endpointDocs.js';
import { smallArtifacts } from '../test/fixture.js';

const docsFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'dashboard-and-api.md');
const { app } = await buildServer(loadArtifacts(await smallArtifacts()), { rateLimitPerMinute: 0, errorLog: process.stderr });
try {
  const res = await app.inject('/api/openapi.json');
  if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
  const before = readFileSync(docsFile, 'utf8');
  const after = spliceEndpoints(before, renderEndpoints(res.json() as OpenApiDocument));
  if (after === before) process.stdout.write(`${docsFile}: the endpoint list is up to date.\n`);
  else {
    writeFileSync(docsFile, after);
    process.stdout.write(`${docsFile}: the endpoint list rewritten from GET /api/openapi.json.\n`);
  }
} finally {
  await app.close();
}
