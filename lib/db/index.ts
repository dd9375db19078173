export { AunDatabase, getDb, DB_NAME, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3 } from './database';
export * from './rows';
export * from './queries';
