/**
 * @module tests/web-components/shoelace-page
 * A page made of Shoelace's (Lit) components, as a customer's site would use
 * them: an open alert, buttons, a card, inputs, tabs, badges, details, tags, a
 * progress bar, a switch, a rating and an open dialog; styled from outside
 * through `::part` and custom properties, and with a constructed stylesheet of
 * the page's own adopted by the document. Everything is static once loaded
 * (the dialog's opening animation has finished), so a replay can be compared
 * with the live page pixel by pixel.
 */

export interface ShoelacePageOptions {
  /** The URL prefix Shoelace's `cdn/` folder is served under. */
  shoelace: string;
  /** Added at the start of `<head>` (the recorder's script). */
  head?: string;
  /** Added at the end of `<body>`. */
  body?: string;
}

/** The page's HTML; it sets `window.componentsReady` once everything is drawn. */
export function shoelacePage({ shoelace, head = '', body = '' }: ShoelacePageOptions): string {
  return `<!doctype html>
<html lang="en" class="sl-theme-light">
<head>
  ${head}
  <meta charset="utf-8">
  <title>Shoelace components</title>
  <link rel="stylesheet" href="${shoelace}/themes/light.css">
  <style>
    body { margin: 0; padding: 16px 24px; font-family: var(--sl-font-sans); }
    :root { --sl-color-primary-600: #5b21b6; --sl-color-primary-500: #6d28d9; }
    .row { display: flex; gap: 12px; align-items: center; margin: 10px 0; flex-wrap: wrap; }
    sl-button.pill::part(base) { border-radius: 999px; letter-spacing: 0.04em; }
    sl-card { --border-color: #0d9488; --padding: 12px; width: 300px; }
    sl-card::part(header) { background: #f0fdfa; }
    sl-progress-bar { --height: 10px; --indicator-color: #db2777; width: 300px; }
    sl-input { width: 280px; }
    sl-tab-group { width: 560px; }
    .cols { display: flex; gap: 24px; align-items: flex-start; }
  </style>
</head>
<body>
  <sl-alert variant="primary" open>
    <sl-icon slot="icon" name="info-circle"></sl-icon>
    <strong>Your settings were saved.</strong> Changes apply to every new order.
  </sl-alert>
  <sl-alert variant="warning" open closable>
    <sl-icon slot="icon" name="exclamation-triangle"></sl-icon>
    The delivery address is incomplete.
  </sl-alert>
  <div class="row">
    <sl-button variant="primary">Primary</sl-button>
    <sl-button variant="success" outline>Success</sl-button>
    <sl-button variant="danger" size="small">Danger</sl-button>
    <sl-button class="pill" variant="neutral">Pill via ::part</sl-button>
    <sl-badge variant="primary" pill>12</sl-badge>
    <sl-badge variant="danger">New</sl-badge>
    <sl-tag variant="success">Paid</sl-tag>
    <sl-tag variant="warning" size="small" removable>Pending</sl-tag>
    <sl-switch checked>Express</sl-switch>
    <sl-checkbox checked>Gift wrap</sl-checkbox>
  </div>
  <div class="cols">
    <div>
      <sl-card>
        <div slot="header"><strong>Order A-1042</strong></div>
        Three items, shipped to Berlin.
        <div slot="footer"><sl-rating value="3.5" readonly></sl-rating></div>
      </sl-card>
      <div class="row"><sl-progress-bar value="64"></sl-progress-bar></div>
    </div>
    <div>
      <sl-input label="Name" placeholder="Your name" help-text="As on your card"></sl-input>
      <div class="row"><sl-input placeholder="Search" size="small" pill clearable></sl-input></div>
    </div>
  </div>
  <sl-tab-group>
    <sl-tab slot="nav" panel="general">General</sl-tab>
    <sl-tab slot="nav" panel="shipping" active>Shipping</sl-tab>
    <sl-tab slot="nav" panel="billing">Billing</sl-tab>
    <sl-tab-panel name="general">General settings.</sl-tab-panel>
    <sl-tab-panel name="shipping" active>Shipping to the blue door.</sl-tab-panel>
    <sl-tab-panel name="billing">Billing details.</sl-tab-panel>
  </sl-tab-group>
  <sl-details summary="Delivery options" open style="width: 560px">Standard, express, or pick-up at the store.</sl-details>
  <sl-divider></sl-divider>
  <sl-dialog label="Confirm the order" id="dialog">
    Ship three items to the blue door?
    <sl-button slot="footer" variant="primary">Confirm</sl-button>
  </sl-dialog>
  ${body}
  <script type="module">
    import { setBasePath } from '${shoelace}/utilities/base-path.js';
    setBasePath('${shoelace}');
    await import('${shoelace}/shoelace.js');
    // The page's own constructed sheet, adopted by the document next to the theme.
    const own = new CSSStyleSheet();
    own.replaceSync('sl-divider { --color: #f59e0b; --width: 3px; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, own];
    const tags = ['sl-alert','sl-button','sl-badge','sl-tag','sl-switch','sl-checkbox','sl-card','sl-rating','sl-progress-bar','sl-input','sl-tab-group','sl-tab','sl-tab-panel','sl-details','sl-divider','sl-dialog','sl-icon'];
    await Promise.all(tags.map((t) => customElements.whenDefined(t)));
    const dialog = document.getElementById('dialog');
    const shown = new Promise((r) => dialog.addEventListener('sl-after-show', r, { once: true }));
    dialog.open = true;
    await shown;
    await Promise.all([...document.querySelectorAll('sl-icon')].map((i) => i.shadowRoot.querySelector('svg') ? null : new Promise((r) => i.addEventListener('sl-load', r, { once: true }))));
    await document.fonts.ready;
    window.componentsReady = true;
  </script>
</body>
</html>`;
}
