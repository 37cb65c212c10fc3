// drizzle-kit and the typed client read the whole schema from here.
export * from './sources';
export * from './raw-items';
export * from './posts';
export * from './authors';
export * from './quarantine';
export * from './rollups';
export * from './imports';
export * from './events';
export * from './auth';
export * from './reports';
export * from './exports';
export * from './labels';
export * from './alerts';
