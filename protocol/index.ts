/**
 * @module protocol
 * The wire protocol, defined once. The server validates with these schemas;
 * the recorder and the advisor app import the same types and constants
 * (type-only imports and plain constants, so zod never reaches a browser
 * bundle unless a bundle validates on purpose).
 */
export * from './errors.ts';
export * from './ingest.ts';
export * from './api.ts';
export * from './live.ts';
export * from './media.ts';
export * from './cases.ts';
export * from './audit.ts';
export * from './orgs.ts';
