/**
 * @module recorder/layer-styles
 * What every fixed layer of the recorder's UI on the customer's page starts
 * from (the launchers, the live panel, the Ask for help panel): above the
 * host page's own layers, reset with `all: initial` so no host stylesheet
 * reaches in (inherited fonts, colours, `box-sizing` rules), then the
 * recorder's own type and text colour. One definition, so the panels and
 * the buttons that open them cannot drift apart. `all: initial` comes
 * first: what a layer declares after it is kept.
 */
import { css } from 'lit';

/** The recorder's type: the platform's UI font (`font: 13px/1.3 ${recorderFonts};`). */
export const recorderFonts = css`system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`;

/** The declarations that open a layer's rule (`.layer { ${isolatedLayer} position: fixed; … }`). */
export const isolatedLayer = css`
  all: initial;
  z-index: 2147483646;
  box-sizing: border-box;
  font: 14px/1.45 ${recorderFonts};
  color: #111827;
  -webkit-font-smoothing: antialiased;
`;
