import { readFile } from 'node:fs/promises';
import fp from 'fastify-plugin';
import { insertEvents } from '@lp/db/queries/events';
import { NATIONAL_EVENTS_FILE } from '@lp/db/national-events';
import { parseEventsCsv } from '../../lib/events-csv';

/**
 * Seeds the shipped national events so a fresh install has them on its charts. Runs on every
 * start and only adds missing rows (unique day + title), so it is safe with several API processes.
 */
export default fp(
  async (app) => {
    const { rows, errors } = parseEventsCsv(await readFile(NATIONAL_EVENTS_FILE, 'utf8'));
    // The file ships with the code: a bad row is a bug to fix, not something to skip quietly.
    if (errors.length > 0)
      throw new Error(`${NATIONAL_EVENTS_FILE}: ${errors.map((e) => `row ${e.row}: ${e.error}`).join('; ')}`);
    const { inserted } = await insertEvents(app.db, rows, 'national');
    if (inserted > 0) app.log.info({ inserted }, 'seeded national events');
  },
  { name: 'national-events', dependencies: ['db'] },
);
