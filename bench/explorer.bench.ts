/**
 * The database explorer on a database with 1,000 collections (test server): the first
 * page as the tree gets it (projected query, driver, core parsing) vs one bare driver
 * query of the same page text in the same run (goal: ratio <= 1.5), and the time to load
 * every page through the after cursors.
 */
import { Client, ConsoleLogHandler, LOG_LEVELS, fql } from 'fauna';
import { EXPLORER_PAGE_SIZE, listQuery } from '../src/core/fauna/explorer';
import { ExplorerClient } from '../src/node/fauna/explorer-client';
import { defaultSeed } from '../test/fakes/fauna-server/catalog';
import { startFaunaServer } from '../test/fakes/fauna-server/server';
import type { BenchModule } from './lib';
import { measure, measurePair, ratio } from './lib';

const SECRET = 'bench-secret';

const bench: BenchModule = {
  title: 'Database explorer: 1,000 collections',
  async run() {
    const seed = defaultSeed();
    seed.collections = Array.from({ length: 1000 }, (_, i) => ({
      name: `Coll${i}`,
      fields: { name: { signature: 'String' } },
      indexes: {
        byName: {
          terms: [{ field: '.name', mva: false }],
          queryable: true,
          status: 'active' as const,
        },
      },
      constraints: [{ unique: [{ field: '.name', mva: false }], status: 'active' }],
      history_days: 0,
    }));
    const server = await startFaunaServer({ secrets: [SECRET], catalog: seed });
    const conn = { endpoint: server.url, secret: SECRET };
    const client = new ExplorerClient();
    const bare = new Client({
      endpoint: new URL(server.url),
      secret: SECRET,
      logger: new ConsoleLogHandler(LOG_LEVELS.OFF),
    });
    const text = listQuery('collections');
    try {
      const [a, b] = await measurePair(
        {
          name: `explorer: first page (${EXPLORER_PAGE_SIZE} collections, parsed)`,
          fn: async () => {
            const o = await client.list(conn, { path: [], kind: 'collections' });
            if (!o.ok || o.page.items.length !== EXPLORER_PAGE_SIZE) throw new Error('bad page');
          },
        },
        {
          name: 'bare fauna driver: the same page query',
          fn: async () => {
            await bare.query(fql([text]), { format: 'tagged' });
          },
        },
        { runs: 41, warmup: 5 },
      );
      const all = await measure(
        'explorer: all 1,000 collections (every page)',
        async () => {
          const o = await client.listAll(conn, { path: [], kind: 'collections' });
          if (!o.ok) throw new Error(o.error.message);
        },
        { runs: 11, warmup: 2 },
      );
      return {
        results: [a, b, all],
        ratios: [ratio('explorer first page / bare driver query', a, b, 1.5)],
        figures: { 'pages for 1,000 collections': String(Math.ceil(1000 / EXPLORER_PAGE_SIZE)) },
      };
    } finally {
      client.close();
      bare.close();
      await server.close();
    }
  },
};

export default bench;
