/**
 * @module server/cases/case-work
 * Wiring of async help: the context its routes share, and the background
 * workers the server starts with its job queue.
 */
import type { Database } from '../../db/client.ts';
import type { Config } from '../config.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import { publicUrl } from '../public-url.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { AppDeps } from '../types.ts';
import { defineCaseJobs } from './case-jobs.ts';
import { CaseNotifier } from './case-notifier.ts';
import type { CaseContext } from './case-service.ts';
import { createMailer } from './mailer.ts';

export function caseContext({ database: { db }, config, logger, jobs }: AppDeps): CaseContext {
  return {
    db,
    logger,
    notifier: new CaseNotifier({ db, jobs, logger, sendsEmail: Boolean(config.smtpUrl) }),
    publicUrl: () => publicUrl(config),
  };
}

/** Starts the case workers in this process; close() releases the SMTP connections. */
export async function startCaseWork(deps: {
  database: Database;
  config: Config;
  logger: Logger;
  jobs: JobQueue;
  secrets: SecretBox;
}): Promise<{ close(): void }> {
  const {
    database: { db },
    config,
    logger,
    jobs,
    secrets,
  } = deps;
  const mailer = createMailer(config);
  const notifier = new CaseNotifier({ db, jobs, logger, sendsEmail: Boolean(mailer) });
  await defineCaseJobs({ db, config, logger, jobs, notifier, mailer, secrets });
  return { close: () => mailer?.close() };
}
