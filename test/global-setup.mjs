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
  const db = await startEmbeddedPostgres({ dir, persistent: false, database: 'postgres_test' });
  globalThis.__caregraphTestDb = db;
  process.env.CAREGRAPH_TEST_SERVER_URL = db.url;
}
