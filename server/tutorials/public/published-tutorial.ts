/**
 * @module server/tutorials/public/published-tutorial
 * Which published version `/t/:slug` serves to this caller, or why none:
 * unknown slug (404 `tutorial_not_found`), unpublished (410
 * `tutorial_unpublished`), past its expiry (410 `tutorial_expired`); an
 * `org` tutorial needs a live bearer token (401) of an active member of the
 * tutorial's organisation who may see its site (else 404, as if unknown).
 * Also the version's own events, read back from its chunks.
 */
import { promisify } from 'node:util';
import { gunzip as gunzipCb } from 'node:zlib';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { sites, tutorialVersionChunks, tutorialVersions } from '../../../db/schema.ts';
import { authenticateToken, type TokenLifetimes } from '../../auth/tokens.ts';
import { ApiError } from '../../errors.ts';
import { advisorScope, siteInScope } from '../../scope/index.ts';
import { ErrorCode } from '../../../protocol/errors.ts';
import type { TutorialSnapshot } from '../../../protocol/tutorials.ts';
import type { TutorialRow } from '../tutorial-dto.ts';
import { tutorialBySlug } from '../tutorial-queries.ts';

const gunzip = promisify(gunzipCb);
const BEARER = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i;
const SLUG = /^[A-Za-z0-9_-]{1,120}$/;

export type TutorialFailure =
  | typeof ErrorCode.TutorialNotFound
  | typeof ErrorCode.TutorialUnpublished
  | typeof ErrorCode.TutorialExpired
  | typeof ErrorCode.Unauthorized;

export class TutorialUnavailable extends ApiError {
  override name = 'TutorialUnavailable';
  readonly failure: TutorialFailure;
  constructor(failure: TutorialFailure) {
    const [status, message] = FAILURES[failure];
    super(status, failure, message);
    this.failure = failure;
  }
}

const FAILURES: Record<TutorialFailure, [404 | 410 | 401, string]> = {
  [ErrorCode.TutorialNotFound]: [404, 'no such tutorial'],
  [ErrorCode.TutorialUnpublished]: [410, 'this tutorial is no longer published'],
  [ErrorCode.TutorialExpired]: [410, 'this tutorial has expired'],
  [ErrorCode.Unauthorized]: [401, "this tutorial is for the organisation's members: sign in"],
};

export interface PublishedVersion {
  tutorial: TutorialRow;
  versionId: string;
  number: number;
  publishedAt: Date;
  snapshot: TutorialSnapshot;
}

/** The version `slug` serves to a caller presenting `authorization` (the header as sent), or a {@link TutorialUnavailable}. */
export async function publishedVersion(
  db: Db,
  lifetimes: TokenLifetimes,
  slug: string,
  authorization: string | undefined,
): Promise<PublishedVersion> {
  const tutorial = SLUG.test(slug) ? await tutorialBySlug(db, slug) : undefined;
  if (!tutorial) throw new TutorialUnavailable(ErrorCode.TutorialNotFound);
  if (tutorial.status !== 'published' || !tutorial.currentVersionId) throw new TutorialUnavailable(ErrorCode.TutorialUnpublished);
  if (tutorial.expiresAt && tutorial.expiresAt.getTime() <= Date.now()) throw new TutorialUnavailable(ErrorCode.TutorialExpired);
  if (tutorial.visibility === 'org') await checkMember(db, lifetimes, tutorial, authorization);
  const [version] = await db.select().from(tutorialVersions).where(eq(tutorialVersions.id, tutorial.currentVersionId));
  if (!version) throw new TutorialUnavailable(ErrorCode.TutorialUnpublished);
  return { tutorial, versionId: version.id, number: version.number, publishedAt: version.publishedAt, snapshot: version.snapshot };
}

async function checkMember(db: Db, lifetimes: TokenLifetimes, tutorial: TutorialRow, authorization: string | undefined) {
  const token = BEARER.exec(authorization ?? '')?.[1];
  const auth = token ? await authenticateToken(db, token, lifetimes) : undefined;
  if (!auth) throw new TutorialUnavailable(ErrorCode.Unauthorized);
  const [site] = await db.select({ orgId: sites.orgId }).from(sites).where(eq(sites.id, tutorial.siteId));
  const scope = site ? await advisorScope(db, auth.advisor, site.orgId) : 'not_member';
  // Another organisation's member (or one who may not see the site) learns nothing: as if unknown.
  if (typeof scope === 'string' || !(await siteInScope(scope, tutorial.siteId))) throw new TutorialUnavailable(ErrorCode.TutorialNotFound);
}

/** The JSON text of the version's own events (`[…]`), chunk by chunk in order. */
export async function versionEventsJson(db: Db, versionId: string): Promise<Buffer> {
  const rows = await db
    .select({ data: tutorialVersionChunks.data })
    .from(tutorialVersionChunks)
    .where(eq(tutorialVersionChunks.versionId, versionId))
    .orderBy(asc(tutorialVersionChunks.seq));
  const parts: Buffer[] = [];
  for (const row of rows) {
    const raw = await gunzip(row.data);
    // Each chunk is a non-empty JSON array we wrote: its insides join with commas.
    parts.push(raw.subarray(1, raw.length - 1));
  }
  const joined: Buffer[] = [Buffer.from('[')];
  parts.forEach((p, i) => joined.push(...(i ? [Buffer.from(','), p] : [p])));
  joined.push(Buffer.from(']'));
  return Buffer.concat(joined);
}
