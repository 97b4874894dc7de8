/** The report schema version this code writes (shared/report/schema.ts describes it; a module of its own so that
 * the function bundles, which validate with precompiled code, do not build the TypeBox schema at load). */
export const SCHEMA_VERSION = '1.1';
