/**
 * @module server/lib/request
 * Reading and validating request input: JSON bodies, query strings and path
 * parameters. Every failure becomes a 400 with the protocol's error code,
 * never a 500.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, badRequest } from '../errors.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { issuesMessage, summarizeIssues } from './zod-issues.ts';

/** Parses the body as JSON (400 `invalid_json`) and validates it (400 `bad_request`). */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, ErrorCode.InvalidJson, 'request body is not valid JSON');
  }
  return validate(schema, body, 'body');
}

export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  return validate(schema, c.req.query(), 'query');
}

export function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(`invalid ${what}: ${issuesMessage(parsed.error)}`, summarizeIssues(parsed.error));
  return parsed.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** A non-negative integer path parameter such as a chunk's seq. */
export function parseIntParam(value: string, name: string, max: number): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) > max) throw badRequest(`${name} must be an integer from 0 to ${max}`);
  return Number(value);
}
