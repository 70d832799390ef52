/**
 * @module server/cases/customer-page/error-page
 * What a customer sees when their case link does not open: unknown (404),
 * expired or revoked (410). A plain page that says why and what to do next,
 * and nothing of any case.
 */
import { ErrorCode } from '../../../protocol/errors.ts';
import { noticePage } from './notice-page.ts';

export type LinkFailure = typeof ErrorCode.LinkNotFound | typeof ErrorCode.LinkExpired | typeof ErrorCode.LinkRevoked;

const TEXT: Record<LinkFailure, { title: string; body: string }> = {
  [ErrorCode.LinkNotFound]: {
    title: 'This link does not work',
    body: 'Check that you copied the whole link. The email we sent you, or the page where you asked your question, has the right one.',
  },
  [ErrorCode.LinkExpired]: {
    title: 'This link has expired',
    body: 'To keep your conversation private, links stop working after a while. Use the link in our latest email, or ask for help again on the site.',
  },
  [ErrorCode.LinkRevoked]: {
    title: 'This link was turned off',
    body: 'Support turned this link off, for example after sending you a new one. Use the newest link we sent you, or ask for help again on the site.',
  },
};

export const linkFailureStatus = (failure: LinkFailure) => (failure === ErrorCode.LinkNotFound ? 404 : 410);

export function linkErrorPage(failure: LinkFailure, nonce: string) {
  return noticePage({
    eyebrow: 'Your question to support',
    ...TEXT[failure],
    marker: { attribute: 'data-link-error', value: failure },
    nonce,
  });
}
