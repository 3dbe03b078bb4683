import { packageConfig } from '../../tsup.config.base.js';

// the engines are subpaths, so the main entry (the SQL definitions) bundles for a browser without them
export default packageConfig({ entry: ['src/index.ts', 'src/duckdb.ts', 'src/postgres.ts', 'src/clickhouse.ts'], external: ['@duckdb/node-api', 'pg'] });
