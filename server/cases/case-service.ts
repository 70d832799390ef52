/**
 * @module server/cases/case-service
 * What happens to a case: opening it (routing, SLA, link, background work),
 * the thread, and status and assignment changes. Routes validate input and
 * call these; the background work goes through {@link CaseNotifier}.
 *
 * An advisor's actions take the caller's scope first and apply the roles of
 * protocol/permissions.ts: a case outside the scope is not found (404;
 * `content` members find resolved cases only); a role without
 * `cases.answer` may not act on one (403); acting on a case someone else
 * holds (answer, resolve or any status change, release, assign) needs
 * `cases.reassign` (403).
 */
import { inScope, scopeCan, type Scope } from '../scope/index.ts';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseLinks, caseMessages, cases, caseTopics, memberships, sessions, type CaseAttachment } from '../../db/schema.ts';
import { ApiError, badRequest, forbidden, notFound, unknownSession } from '../errors.ts';
import { isUuid } from '../lib/request.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_SLA_MINUTES, type CaseStatus } from '../../protocol/cases-constants.ts';
import type { AdvisorMessageCreate, CaseCreate } from '../../protocol/cases.ts';
import { ErrorCode } from '../../protocol/errors.ts';
import { can } from '../../protocol/permissions.ts';
import type { SiteRow } from '../sites/site-dto.ts';
import type { CaseMessageRow, CaseRow } from './case-dto.ts';
import { createCaseLink, type NewLink } from './case-links.ts';
import type { CaseNotifier } from './case-notifier.ts';
import type { IntakeLimits } from './intake-limits.ts';
import { pickAdvisor } from './case-routing.ts';

export interface CaseContext {
  db: Db;
  logger: Logger;
  notifier: CaseNotifier;
  /** Base of every absolute link (PUBLIC_URL, or the address the server listens on); never a request's Host. */
  publicUrl(): string;
}

const LANGUAGE = /^[a-z]{2,8}(-[a-z0-9]{1,8})*$/;
const MINUTE_MS = 60_000;
/** How long a repeated case request counts as a retry of the first. */
const RETRY_WINDOW_MINUTES = 10;

/**
 * Opens a case (or answers a retry with the existing one). `limits` are the
 * request's rate limits, checked after the retry lookup (a retry is not a
 * new case) and before anything is stored; see `intake-limits.ts`.
 */
export async function createCase(
  ctx: CaseContext,
  site: SiteRow,
  input: Omit<CaseCreate, 'sessionId'> & { sessionId: string },
  limits?: IntakeLimits,
): Promise<{ caseRow: CaseRow; link: NewLink; created: boolean; emailQueued: boolean }> {
  const { db } = ctx;
  const [session] = await db
    .select({ id: sessions.id, siteId: sessions.siteId, language: sessions.language, metadata: sessions.metadata })
    .from(sessions)
    .where(eq(sessions.id, input.sessionId));
  if (session?.siteId !== site.id) throw unknownSession('no such session for this site: start the recording first');

  // A retried request (its answer was lost) must not open a second case: the
  // same question from the same recording shortly after is the same case,
  // answered with a fresh link (the first one's token is not known any more).
  // Input text is already clean: the protocol's schemas strip NUL (protocol/text.ts).
  const question = input.question;
  const [existing] = await db
    .select()
    .from(cases)
    .where(
      and(
        eq(cases.sessionId, session.id),
        eq(cases.question, question),
        sql`${cases.createdAt} > now() - make_interval(mins => ${RETRY_WINDOW_MINUTES})`,
      ),
    )
    .limit(1);
  if (existing) {
    await limits?.retry();
    return { caseRow: existing, link: await createCaseLink(db, existing.id, ctx.publicUrl()), created: false, emailQueued: false };
  }
  await limits?.newCase();

  const [topic] = input.topic
    ? await db
        .select()
        .from(caseTopics)
        .where(and(eq(caseTopics.siteId, site.id), sql`lower(${caseTopics.name}) = lower(${input.topic})`))
        .limit(1)
    : [];
  const sessionLanguage = session.language?.toLowerCase();
  const language = input.language ?? (sessionLanguage && LANGUAGE.test(sessionLanguage) ? sessionLanguage : null);
  const now = new Date();
  const slaMinutes = topic?.slaMinutes ?? DEFAULT_SLA_MINUTES;
  const assigneeId = await pickAdvisor(db, site.id, { requiredSkills: topic?.requiredSkills ?? [], language });

  const [caseRow] = await db
    .insert(cases)
    .values({
      siteId: site.id,
      sessionId: session.id,
      question,
      topicId: topic?.id ?? null,
      topic: topic?.name ?? input.topic ?? null,
      language,
      customerEmail: input.email ?? null,
      assigneeId,
      dueAt: new Date(now.getTime() + slaMinutes * MINUTE_MS),
      metadata: { ...session.metadata, ...input.metadata },
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const link = await createCaseLink(db, caseRow!.id, ctx.publicUrl(), now);

  // The case is stored and answered now; the rest runs in the background.
  await ctx.notifier.enrich(caseRow!);
  await ctx.notifier.slaTimer(caseRow!);
  await ctx.notifier.event(caseRow!, 'case.created');
  await ctx.notifier.reindex(caseRow!.id);
  const to = caseRow!.customerEmail;
  // NOTE: over an email limit the case stands without its receipt (intake-limits.ts logs it).
  const emailQueued = to !== null && (!limits || (await limits.email(to)));
  if (to !== null && emailQueued) {
    await ctx.notifier.email(
      caseRow!.id,
      to,
      'We received your question',
      `Thank you, we received your question and will answer soon.\n\nFollow your request and reply here:\n${link.url}\n`,
    );
  }
  ctx.logger.info({ caseId: caseRow!.id, siteId: site.id, assigneeId, topic: caseRow!.topic }, 'case opened');
  return { caseRow: caseRow!, link, created: true, emailQueued };
}

/** Whether the caller reads resolved cases only (`content`: what was answered, to write tutorials from). */
export const readsResolvedOnly = (scope: Scope) => !scopeCan(scope, 'cases.answer');

/** The case `id` (as given in a path) if the caller may see it, else 404. */
export async function findCase(scope: Scope, id: string): Promise<CaseRow> {
  const [row] = isUuid(id)
    ? await scope.db
        .select()
        .from(cases)
        .where(
          and(
            eq(cases.id, id.toLowerCase()),
            await inScope(scope, cases.siteId),
            readsResolvedOnly(scope) ? eq(cases.status, 'resolved') : undefined,
          ),
        )
    : [];
  if (!row) throw notFound('no such case');
  return row;
}

/** 403 unless the caller's role may work on cases. */
function assertMayAnswer(scope: Scope): void {
  if (!scopeCan(scope, 'cases.answer')) throw forbidden(`your role (${scope.role}) does not allow cases.answer`);
}

/** 403 when someone else holds the case and the caller may not take over. */
function assertMayActOn(scope: Scope, caseRow: CaseRow): void {
  assertMayAnswer(scope);
  if (caseRow.assigneeId && caseRow.assigneeId !== scope.advisor.id && !scopeCan(scope, 'cases.reassign')) {
    throw forbidden('this case is assigned to someone else: only an admin can act on it');
  }
}

async function update(db: Db, id: string, changes: Partial<typeof cases.$inferInsert>): Promise<CaseRow> {
  const [row] = await db
    .update(cases)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(cases.id, id))
    .returning();
  if (!row) throw notFound('no such case');
  return row;
}

/** An advisor's status change (see the module's rules). */
export async function changeStatus(scope: Scope, ctx: CaseContext, caseRow: CaseRow, status: CaseStatus): Promise<CaseRow> {
  assertMayActOn(scope, caseRow);
  return setStatus(ctx, caseRow, status);
}

/** Status change with its side effects: `resolved` stamps resolvedAt and sends `case.resolved`. */
async function setStatus(ctx: CaseContext, caseRow: CaseRow, status: CaseStatus): Promise<CaseRow> {
  if (status === caseRow.status) return caseRow;
  const row = await update(ctx.db, caseRow.id, { status, resolvedAt: status === 'resolved' ? new Date() : null });
  if (status === 'resolved') await ctx.notifier.event(row, 'case.resolved');
  await ctx.notifier.reindex(row.id);
  return row;
}

/** Takes an unassigned case (or keeps one's own); 409 when someone else holds it. */
export async function claimCase(scope: Scope, ctx: CaseContext, caseRow: CaseRow): Promise<CaseRow> {
  assertMayAnswer(scope);
  const { advisor } = scope;
  const [row] = await ctx.db
    .update(cases)
    .set({
      assigneeId: advisor.id,
      status: sql`CASE WHEN ${cases.status} = 'new' THEN 'open' ELSE ${cases.status} END`,
      updatedAt: new Date(),
    })
    .where(and(eq(cases.id, caseRow.id), or(isNull(cases.assigneeId), eq(cases.assigneeId, advisor.id))))
    .returning();
  if (!row) throw new ApiError(409, ErrorCode.Conflict, 'this case is assigned to another advisor');
  return row;
}

/** Back to the shared queue; someone else's case needs `cases.reassign`. */
export async function releaseCase(scope: Scope, ctx: CaseContext, caseRow: CaseRow): Promise<CaseRow> {
  assertMayActOn(scope, caseRow);
  return update(ctx.db, caseRow.id, { assigneeId: null });
}

/**
 * Gives the case to `advisorId` (null: nobody). The assignee must be an
 * active member of the caller's organisation with access to the case's site
 * (else 404, like any id outside the scope) and a role that answers cases.
 */
export async function assignCase(scope: Scope, ctx: CaseContext, caseRow: CaseRow, advisorId: string | null): Promise<CaseRow> {
  assertMayActOn(scope, caseRow);
  if (advisorId) {
    const [member] = await ctx.db
      .select({ role: memberships.role, siteIds: memberships.siteIds })
      .from(memberships)
      .where(
        and(eq(memberships.orgId, scope.org.id), eq(memberships.advisorId, advisorId.toLowerCase()), isNull(memberships.deactivatedAt)),
      );
    if (!member || (member.siteIds && !member.siteIds.includes(caseRow.siteId))) throw notFound('no such advisor');
    if (!can(member.role, 'cases.answer')) throw badRequest(`a ${member.role} member cannot answer cases`);
  }
  return update(ctx.db, caseRow.id, { assigneeId: advisorId?.toLowerCase() ?? null });
}

/** A new private link for the case's customer (shown once). */
export async function createCustomerLink(scope: Scope, ctx: CaseContext, caseRow: CaseRow): Promise<NewLink> {
  assertMayAnswer(scope);
  return createCaseLink(ctx.db, caseRow.id, ctx.publicUrl());
}

/** Revokes one of the case's customer links (404 for another case's). */
export async function revokeCustomerLink(scope: Scope, caseRow: CaseRow, linkId: string) {
  assertMayAnswer(scope);
  if (!isUuid(linkId)) throw notFound('no such link');
  const where = and(eq(caseLinks.id, linkId.toLowerCase()), eq(caseLinks.caseId, caseRow.id));
  await scope.db
    .update(caseLinks)
    .set({ revokedAt: new Date() })
    .where(and(where, isNull(caseLinks.revokedAt)));
  const [link] = await scope.db.select().from(caseLinks).where(where);
  if (!link) throw notFound('no such link');
  return link;
}

/**
 * An advisor's message (see the module's rules). An answer (anything but an internal note) stamps the
 * first answer, moves the case to `waiting_on_customer` (or the given status),
 * takes an unassigned case, sends `case.answered` and emails the customer.
 */
export async function addAdvisorMessage(
  scope: Scope,
  ctx: CaseContext,
  caseRow: CaseRow,
  input: Required<Pick<AdvisorMessageCreate, 'kind' | 'body'>> & { attachments: CaseAttachment[]; status?: CaseStatus },
): Promise<CaseMessageRow> {
  // NOTE: an internal note on a colleague's case is help, not taking it over; answering or changing its status is.
  if (input.kind === 'internal_note' && !input.status) assertMayAnswer(scope);
  else assertMayActOn(scope, caseRow);
  const { advisor } = scope;
  await checkAttachments(ctx.db, caseRow, input.attachments);
  const [message] = await ctx.db
    .insert(caseMessages)
    .values({
      caseId: caseRow.id,
      fromRole: 'advisor',
      advisorId: advisor.id,
      kind: input.kind,
      body: input.body,
      attachments: input.attachments,
    })
    .returning();
  if (input.kind === 'internal_note') {
    if (input.status) await setStatus(ctx, caseRow, input.status);
    await ctx.notifier.reindex(caseRow.id);
    return message!;
  }
  const now = new Date();
  const status = input.status ?? 'waiting_on_customer';
  const row = await update(ctx.db, caseRow.id, {
    firstAnsweredAt: caseRow.firstAnsweredAt ?? now,
    assigneeId: caseRow.assigneeId ?? advisor.id,
    status,
    resolvedAt: status === 'resolved' ? now : null,
  });
  await ctx.notifier.event(row, 'case.answered');
  await ctx.notifier.reindex(row.id);
  if (status === 'resolved' && caseRow.status !== 'resolved') await ctx.notifier.event(row, 'case.resolved');
  if (row.customerEmail) {
    // NOTE: tokens are stored hashed, so each email carries a link of its own.
    const link = await createCaseLink(ctx.db, row.id, ctx.publicUrl(), now);
    await ctx.notifier.email(
      row.id,
      row.customerEmail,
      'An advisor answered your question',
      `${advisor.name} answered your question:\n\n${input.body}\n\nSee the whole conversation and reply here:\n${link.url}\n`,
    );
  }
  return message!;
}

/** A customer reply: the case is `open` again (`reopened` if it was resolved); `case.customer_replied`. */
export async function addCustomerMessage(
  ctx: CaseContext,
  caseRow: CaseRow,
  input: { body: string; sessionId?: string },
): Promise<CaseMessageRow> {
  const attachments: CaseAttachment[] = input.sessionId ? [{ type: 'session', sessionId: input.sessionId }] : [];
  await checkAttachments(ctx.db, caseRow, attachments);
  const [message] = await ctx.db
    .insert(caseMessages)
    .values({ caseId: caseRow.id, fromRole: 'customer', kind: 'text', body: input.body, attachments })
    .returning();
  const row = await update(ctx.db, caseRow.id, {
    status: caseRow.status === 'resolved' ? 'reopened' : caseRow.status === 'reopened' ? 'reopened' : 'open',
    resolvedAt: null,
  });
  await ctx.notifier.event(row, 'case.customer_replied');
  await ctx.notifier.reindex(row.id);
  return message!;
}

/** Attached recordings must be of the case's own site. */
async function checkAttachments(db: Db, caseRow: CaseRow, attachments: CaseAttachment[]): Promise<void> {
  for (const a of attachments) {
    if (a.type === 'link') continue;
    const [s] = await db.select({ siteId: sessions.siteId }).from(sessions).where(eq(sessions.id, a.sessionId));
    if (s?.siteId !== caseRow.siteId) throw badRequest(`attachment: no recording ${a.sessionId} on this case's site`);
  }
}
