/**
 * @module server/media-replies/customer-page-text
 * What the reply link page (`/s/:token`) says, in each language it is
 * written in; the page picks one from the customer's `Accept-Language`.
 * Dates are not here: the page's script formats them with `Intl` in the
 * customer's own locale (day, month, year, hours and minutes).
 */
export const REPLY_PAGE_LANGUAGES = ['en', 'de'] as const;
export type ReplyPageLanguage = (typeof REPLY_PAGE_LANGUAGES)[number];

export interface ReplyPageText {
  title(site: string): string;
  /** Who sent the replies, from which site's support. */
  intro(site: string, advisor: string | null): string;
  loading: string;
  empty: string;
  /** Followed by the reason. */
  failed: string;
  /** Followed by the link's expiry date. */
  privateUntil: string;
  videoLabel: string;
}

export const REPLY_PAGE_TEXT: Record<ReplyPageLanguage, ReplyPageText> = {
  en: {
    title: (site) => `Video replies from ${site}`,
    intro: (site, advisor) =>
      advisor
        ? `${advisor} from the ${site} support team recorded these videos for you.`
        : `The ${site} support team recorded these videos for you.`,
    loading: 'Loading…',
    empty: 'No video replies yet.',
    failed: 'These replies cannot be shown: ',
    privateUntil: 'This link is private: anyone who has it can watch these videos. It works until ',
    videoLabel: 'Video reply',
  },
  de: {
    title: (site) => `Videoantworten von ${site}`,
    intro: (site, advisor) =>
      advisor
        ? `${advisor} vom Support-Team von ${site} hat diese Videos für Sie aufgenommen.`
        : `Das Support-Team von ${site} hat diese Videos für Sie aufgenommen.`,
    loading: 'Wird geladen…',
    empty: 'Noch keine Videoantworten.',
    failed: 'Diese Antworten können nicht angezeigt werden: ',
    privateUntil: 'Dieser Link ist privat: Wer ihn hat, kann diese Videos ansehen. Er gilt bis ',
    videoLabel: 'Videoantwort',
  },
};
