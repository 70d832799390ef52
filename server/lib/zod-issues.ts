/**
 * @module server/lib/zod-issues
 * A short, client-readable summary of zod issues for `details` of a 400.
 */
import type { z } from 'zod';

const MAX_ISSUES = 10;

export function summarizeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

export function issuesMessage(error: z.ZodError): string {
  const issues = summarizeIssues(error);
  const text = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return error.issues.length > issues.length ? `${text}; …` : text;
}
