import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A new, empty database on the test server: every test file gets its own, so files run in parallel. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.CAREGRAPH_TEST_SERVER_URL;
  if (!server) throw new Error('CAREGRAPH_TEST_SERVER_URL is not set: run tests through jest (globalSetup)');
  const name = `cg_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
