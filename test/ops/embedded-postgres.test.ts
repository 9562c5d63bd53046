import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresAccessError, startEmbeddedPostgres } from '../../scripts/src/embedded-postgres.js';

/**
 * Under root, the embedded PostgreSQL runs as an unprivileged user; a data folder inside a folder that others
 * cannot traverse (here a `mktemp -d` folder, mode 700) must give a message naming that folder and the fixes,
 * not a raw EACCES stack. Only meaningful as root: as any other user PostgreSQL runs as that user.
 */
const asRoot = userInfo().uid === 0 ? test : test.skip;

asRoot('a data folder the postgres user cannot reach is named, with the fixes', async () => {
  const closed = mkdtempSync(join(tmpdir(), 'caregraph-eacces-'));
  try {
    expect(statSync(closed).mode & 0o077).toBe(0);
    const started = startEmbeddedPostgres({ dir: join(closed, 'postgres'), persistent: false });
    await expect(started).rejects.toBeInstanceOf(EmbeddedPostgresAccessError);
    const message = await started.catch((err: Error) => err.message);
    expect(message).toContain(`the folder ${closed}`);
    expect(message).toContain(`chmod o+x ${closed}`);
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toMatch(/\n\s+at /);
  } finally {
    rmSync(closed, { recursive: true, force: true });
  }
}, 60_000);
