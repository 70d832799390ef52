/**
 * @module server/media-replies/customer-page
 * The customer's page behind a reply link: a self-contained HTML document
 * (no app, no site data, nothing else of the session) whose small script
 * fetches `./replies` relative to its own URL and plays each reply in a
 * `<video>`. Served with a nonce CSP, `no-referrer` (the token is in the URL)
 * and `noindex`.
 */
export function customerPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Video replies from support</title>
<style nonce="${nonce}">
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f8; color: #1d2433; }
  main { max-width: 760px; margin: 0 auto; padding: 24px 16px; }
  h1 { font-size: 22px; margin: 0 0 16px; }
  article { background: #fff; border-radius: 12px; padding: 12px; margin-bottom: 16px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
  video { width: 100%; border-radius: 8px; background: #111; }
  .meta { font-size: 13px; color: #5b6475; margin-top: 6px; }
  .error { color: #b42318; }
</style>
</head>
<body>
<main>
  <h1>Video replies from support</h1>
  <div id="replies" aria-live="polite">Loading…</div>
</main>
<script nonce="${nonce}">
(async () => {
  const box = document.getElementById('replies');
  const base = location.pathname.replace(/\\/+$/, '');
  try {
    const res = await fetch(base + '/replies', { credentials: 'omit', cache: 'no-store' });
    const body = await res.json();
    if (!res.ok) throw new Error((body && body.error && body.error.message) || ('HTTP ' + res.status));
    box.textContent = '';
    if (!body.replies.length) box.textContent = 'No video replies yet.';
    for (const r of body.replies) {
      const article = document.createElement('article');
      article.dataset.replyId = r.replyId;
      const video = document.createElement('video');
      video.controls = true;
      video.preload = 'metadata';
      video.playsInline = true;
      video.src = r.url;
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = [r.title, r.advisorName, new Date(r.sentAt).toLocaleString()].filter(Boolean).join(' · ');
      article.append(video, meta);
      box.append(article);
    }
  } catch (err) {
    box.className = 'error';
    box.textContent = 'These replies cannot be shown: ' + err.message;
  }
})();
</script>
</body>
</html>`;
}
