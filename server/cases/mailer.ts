/**
 * @module server/cases/mailer
 * Case emails over SMTP (nodemailer) when `SMTP_URL` is set. Without it
 * there is no mailer: emails stay `queued` in the outbox table, where admins
 * see them (`GET /api/admin/jobs`).
 */
import { createTransport } from 'nodemailer';
import type { Config } from '../config.ts';

export interface Mailer {
  send(mail: { to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>): Mailer | undefined {
  if (!config.smtpUrl) return undefined;
  const transport = createTransport(config.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from: config.smtpFrom, ...mail });
    },
    close: () => transport.close(),
  };
}
