/**
 * The customer page of the "Ask for help" tests: a counter the customer
 * clicks before asking (so the recording has something to show), a name
 * field, and the one-tag install with both help buttons. Uploads are rare
 * (`flush-interval` one minute) so only the ask flow's own flush can have
 * put the clicks on the server by the time the case exists.
 */
export const askPage = (server: string, siteKey: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Garden shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 16px/1.5 Georgia, serif; margin: 0; padding: 32px 48px; background: #fdf6e3; color: #3b3b3b; }
  h1 { font-size: 40px; margin: 0 0 16px; }
  .row { display: flex; gap: 16px; align-items: center; margin: 12px 0; }
  button { font: inherit; padding: 8px 16px; }
  p { max-width: 640px; }
</style>
<script type="module" src="${server}/recorder.js"></script></head>
<body>
  <cobrowse-recorder site-key="${siteKey}" autostart ask-button help-button flush-interval="60000"></cobrowse-recorder>
  <h1>Garden shop</h1>
  <p>Seeds, tools and advice. Your discount code should apply at checkout.</p>
  <div class="row"><button id="inc">Apply discount</button> <span>Tries: <b id="count">0</b></span></div>
  <div class="row"><label>Name <input id="name"></label></div>
  <script>
    document.getElementById('inc').onclick = () => { const c = document.getElementById('count'); c.textContent = 'tried ' + (Number(c.dataset.n || 0) + 1) + ' times'; c.dataset.n = String(Number(c.dataset.n || 0) + 1); };
    window.created = [];
    document.addEventListener('cobrowse-case-created', (e) => window.created.push(e.detail));
  </script>
</body></html>`;
