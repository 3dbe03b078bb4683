import { readFileSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

/** The connection parameters a password file line is matched against. */
export interface PgpassTarget {
  readonly host: string;
  readonly port: string;
  readonly database: string;
  readonly user: string;
}

/**
 * The password for a connection from a PostgreSQL password file, as libpq reads it: `PGPASSFILE`, else
 * `~/.pgpass`; lines `host:port:database:username:password`, `*` matching anything, `\:` and `\\`
 * escaped, `#` lines ignored, the first matching line wins; `undefined` when there is no file, no
 * match, or the file is readable by group or others (libpq ignores it then). Read here because pg's
 * own reading is deprecated (it prints a warning on every connection). @internal
 */
export function pgpassPassword(target: PgpassTarget, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env.PGPASSFILE ?? join(homedir(), '.pgpass');
  let text: string;
  try {
    const mode = statSync(file).mode;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) return undefined;
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const fields = splitFields(line);
    if (fields.length < 5) continue;
    const [host, port, database, user] = fields as [string, string, string, string];
    const ok = (pattern: string, value: string) => pattern === '*' || pattern === value;
    if (ok(host, target.host) && ok(port, target.port) && ok(database, target.database) && ok(user, target.user)) return fields.slice(4).join(':');
  }
  return undefined;
}

/** The connection parameters of a URL (or the PG* environment), as libpq would resolve them. @internal */
export function pgpassTarget(connectionString: string | undefined, env: NodeJS.ProcessEnv = process.env): PgpassTarget | null {
  let url: URL | null = null;
  if (connectionString !== undefined) {
    try {
      url = new URL(connectionString);
    } catch {
      return null;
    }
    if (url.password !== '') return null;
  } else if (env.PGPASSWORD !== undefined) return null;
  const user = (url && decodeURIComponent(url.username)) || env.PGUSER || userInfo().username;
  const host = (url && url.hostname) || env.PGHOST || 'localhost';
  return {
    host: host.startsWith('/') ? 'localhost' : host,
    port: (url && url.port) || env.PGPORT || '5432',
    database: (url && decodeURIComponent(url.pathname.slice(1))) || env.PGDATABASE || user,
    user,
  };
}

function splitFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) field += line[++i]!;
    else if (c === ':') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}
