/**
 * @module client/lib/step-title
 * A step title as the editor shows it. Proposed titles set the element's
 * name in `*…*` (server/tutorials/transform/step-wording.ts; the embed, the
 * `/t/:slug` page and the guide show it emphasised): the editor shows the
 * name emphasised where it only displays a title, and the plain words where
 * it is edited, so nobody types around markers. An edited title keeps the
 * emphasis of the names it still contains.
 */
import { html, type TemplateResult } from 'lit';
import { STEP_TITLE_MAX, titleParts } from '../../protocol/tutorials-constants.ts';

/** The title's words without the markers. */
export const plainTitle = (title: string): string =>
  titleParts(title)
    .map((p) => p.text)
    .join('');

/** The title with its element names in `<em>`. */
export const emphasisedTitle = (title: string): (string | TemplateResult)[] =>
  titleParts(title).map((p) => (p.emphasised ? html`<em>${p.text}</em>` : p.text));

/**
 * The title to store for `edited` (plain words typed over `previous`): each
 * name `previous` emphasised is emphasised again where it still occurs (in
 * order, first occurrence). Plain when the markers would not fit.
 */
export function keepEmphasis(edited: string, previous: string): string {
  let out = '';
  let rest = edited;
  for (const part of titleParts(previous)) {
    if (!part.emphasised) continue;
    const at = rest.indexOf(part.text);
    if (at === -1) continue;
    out += `${rest.slice(0, at)}*${part.text}*`;
    rest = rest.slice(at + part.text.length);
  }
  const title = out + rest;
  return title.length <= STEP_TITLE_MAX ? title : edited;
}
