import { fileURLToPath } from 'node:url';

/** The shipped list of national events (`date,title,kind,url`), seeded by the API at start. */
export const NATIONAL_EVENTS_FILE = fileURLToPath(new URL('../data/national-events.csv', import.meta.url));
