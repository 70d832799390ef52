/**
 * Customer pages for the live tests: a counter button, a
 * `data-cb-no-control` button, a password and a name field, a list the test
 * changes, and a link to a second page. Both carry the one-tag install with
 * the Get help button.
 */
export const shopPage = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop</title>
<style>
  body { font: 16px/1.5 Georgia, serif; margin: 0; padding: 32px 48px; background: #fdf6e3; color: #3b3b3b; }
  h1 { font-size: 40px; margin: 0 0 16px; }
  .row { display: flex; gap: 16px; align-items: center; margin: 12px 0; }
  button { font: inherit; padding: 8px 16px; }
  p { max-width: 640px; }
</style>
<script type="module" src="${server}/recorder.js"></script></head>
<body>
  <cobrowse-recorder site-key="${siteKey}" autostart help-button flush-interval="300"></cobrowse-recorder>
  <h1 id="title">Garden shop</h1>
  <p>Everything for your garden: seeds, tools and advice. This paragraph is here so the page has some body text behind the live layers.</p>
  <div class="row"><button id="inc">Add one</button> <span>Count: <b id="count">0</b></span></div>
  <div class="row"><button id="danger" data-cb-no-control>Delete account</button> <span>Deleted: <b id="danger-count">0</b></span></div>
  <div class="row"><label>Password <input id="password" type="password"></label></div>
  <div class="row"><label>Name <input id="name"></label></div>
  <ul id="list"><li>first</li></ul>
  <a id="next" href="/second.html">Checkout</a>
  <script>
    document.getElementById('inc').onclick = () => { const c = document.getElementById('count'); c.textContent = String(Number(c.textContent) + 1); };
    document.getElementById('danger').onclick = () => { const c = document.getElementById('danger-count'); c.textContent = String(Number(c.textContent) + 1); };
    window.refused = [];
    document.addEventListener('cobrowse-control-refused', (e) => window.refused.push(e.detail));
    window.codes = [];
    document.addEventListener('cobrowse-help-code', (e) => window.codes.push(e.detail.code));
  </script>
</body></html>`;

export const secondPage = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Checkout</title>
<script type="module" src="${server}/recorder.js"></script></head>
<body>
  <cobrowse-recorder site-key="${siteKey}" autostart help-button flush-interval="300"></cobrowse-recorder>
  <h1 id="title">Checkout</h1>
  <p id="status">Review your order</p>
</body></html>`;
