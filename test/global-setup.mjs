// One PostgreSQL for the whole run (embedded unless DATABASE_URL names one); each test file makes its own
// database on it. Plain ESM on the compiled helper: jest loads global setup outside its transform.
import { rmSync } from 'node:fs';
import { startEmbeddedPostgres } from '../scripts/dist/embedded-postgres.js';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.CAREGRAPH_TEST_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = `.data/test-pg-${process.pid}`;
  rmSync(dir, { recursive: true, force: true });
  let db;
  try {
    db = await startEmbeddedPostgres({ dir, persistent: false, database: 'postgres_test' });
  } catch (err) {
    if (err?.name !== 'EmbeddedPostgresAccessError') throw err;
    // Which folder the postgres user cannot traverse, and the fixes: the message alone, not a stack.
    console.error(`\nThe tests need a PostgreSQL.\n${err.message}\n`);
    const clean = new Error('embedded PostgreSQL cannot run here (see above)');
    clean.stack = clean.message;
    throw clean;
  }
  globalThis.__caregraphTestDb = db;
  process.env.CAREGRAPH_TEST_SERVER_URL = db.url;
}
