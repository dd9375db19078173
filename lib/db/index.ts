export { AunDatabase, getDb, DB_NAME, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4 } from './database';
export { readReviewRows } from './review-snapshot';
export * from './rows';
export * from './queries';
