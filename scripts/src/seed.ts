import 'reflect-metadata';
import cliProgress from 'cli-progress';
import { createOrm } from '@caregraph/kit';
import { storyBatches } from '@caregraph/demo';
import { SUBGRAPH_DEFINITIONS } from './subgraphs.js';

export const DEFAULT_DEMO_CHILDREN = 200;

/**
 * Writes `count` demo life stories into all four subgraphs, 1,000 children per batch of multi-row inserts,
 * with a progress bar on a terminal.
 */
export async function seedDemoData(databaseUrl: string, count: number, opts: { progress?: boolean } = {}): Promise<void> {
  const orms = await Promise.all(SUBGRAPH_DEFINITIONS.map((d) => createOrm({ ...d.ormSettings(databaseUrl), poolMax: 2 })));
  const bar = opts.progress ? new cliProgress.SingleBar({ format: 'seeding {bar} {value}/{total} children | {eta}s left' }, cliProgress.Presets.shades_classic) : null;
  bar?.start(count, 0);
  try {
    // One transaction per subgraph for the whole run: a failed seed leaves that subgraph empty, not half-written.
    let done = 0;
    await Promise.all(
      SUBGRAPH_DEFINITIONS.map((d, i) =>
        orms[i]!.em.fork().transactional(async (em) => {
          for (const batch of storyBatches(count)) {
            await d.seedDemo(em as never, batch);
            done += batch.length;
            bar?.update(Math.floor(done / SUBGRAPH_DEFINITIONS.length));
          }
        }),
      ),
    );
  } finally {
    bar?.stop();
    await Promise.all(orms.map((o) => o.close(true)));
  }
}

/** True when the children subgraph holds no child yet (first start). */
export async function isEmpty(databaseUrl: string): Promise<boolean> {
  const children = SUBGRAPH_DEFINITIONS[0]!;
  const orm = await createOrm(children.ormSettings(databaseUrl));
  try {
    const [row] = await orm.em.getConnection().execute(`select exists (select 1 from "children"."child") as present`);
    return !row.present;
  } finally {
    await orm.close(true);
  }
}
