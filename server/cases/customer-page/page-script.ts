/**
 * @module server/cases/customer-page/page-script
 * The case page's inline script (sent with the page's CSP nonce): shows dates
 * in the reader's language and zone, sends a reply (`POST ./api/messages`),
 * asks to continue live (`POST ./api/live`) and says what to do next, and
 * refreshes the status and conversation in place (on return to the tab and
 * every minute) by fetching them again (`?parts`) and swapping changed blocks.
 * A conversation that now sends a tutorial while the page has no player
 * (its CSP and `/tutorial.js` come with the page) reloads the page instead,
 * unless a reply is being written (then the next refresh tries again).
 * Without script the page still shows the whole case.
 *
 * NOTE: plain ES2020 in a string: it runs as is in any browser and never
 * goes through a bundler; no API response is inserted as HTML.
 */
export const pageScript = `
(() => {
  const base = location.pathname.replace(/\\/+$/, '');
  const api = base + '/api';
  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const localize = (root) => {
    for (const t of root.querySelectorAll('time[datetime]')) {
      const d = new Date(t.dateTime);
      if (!isNaN(d.getTime())) t.textContent = dateFormat.format(d);
    }
  };
  localize(document);

  const failure = async (res) => {
    if (res.status === 404 || res.status === 410) return 'this link no longer works (reload the page to see why)';
    try {
      const body = await res.json();
      if (body && body.error && body.error.message) return body.error.message;
    } catch (e) { /* not JSON */ }
    return 'the server answered ' + res.status;
  };
  const post = (path, body) => fetch(api + path, {
    method: 'POST',
    credentials: 'omit',
    cache: 'no-store',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const say = (out, text, error) => {
    out.textContent = text;
    out.classList.toggle('out--error', !!error);
  };

  let refreshing = false;
  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    try {
      const res = await fetch(base + '?parts', { credentials: 'omit', cache: 'no-store' });
      if (res.status === 404 || res.status === 410) return location.reload();
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      for (const id of ['status', 'thread']) {
        const fresh = doc.getElementById(id);
        const old = document.getElementById(id);
        if (!fresh || !old || fresh.dataset.version === old.dataset.version) continue;
        if (fresh.querySelector('cobrowse-tutorial') && !document.getElementById('tutorial-script')) {
          const writing = document.getElementById('reply-body');
          if (!writing || !writing.value.trim()) location.reload();
          return;
        }
        const adopted = document.importNode(fresh, true);
        localize(adopted);
        old.replaceWith(adopted);
      }
    } catch (e) {
      /* offline: try again later */
    } finally {
      refreshing = false;
    }
  }
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') refresh(); });
  setInterval(() => { if (document.visibilityState === 'visible') refresh(); }, 60000);

  const form = document.getElementById('reply-form');
  const box = document.getElementById('reply-body');
  const replyOut = document.getElementById('reply-out');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = box.value.trim();
    if (!body) {
      say(replyOut, 'Write a message first.', true);
      box.focus();
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    say(replyOut, 'Sending…');
    try {
      const res = await post('/messages', { body });
      if (res.status !== 201) throw new Error(await failure(res));
      box.value = '';
      say(replyOut, 'Sent. An advisor will answer here.');
      await refresh();
    } catch (err) {
      say(replyOut, 'Not sent: ' + (err && err.message ? err.message : 'network error') + '. Your text is kept; try again.', true);
    } finally {
      button.disabled = false;
    }
  });

  const liveButton = document.getElementById('live-button');
  const liveOut = document.getElementById('live-out');
  liveButton.addEventListener('click', async () => {
    liveButton.disabled = true;
    say(liveOut, 'Checking who is online…');
    try {
      const res = await post('/live');
      if (!res.ok) throw new Error(await failure(res));
      const answer = await res.json();
      const box = document.createElement('div');
      box.className = 'answer' + (answer.advisorOnline ? ' answer--online' : '');
      const title = document.createElement('p');
      const strong = document.createElement('strong');
      strong.textContent = answer.assigneeOnline ? 'Your advisor is online now.'
        : answer.advisorOnline ? 'An advisor is online now.' : 'No advisor is online right now.';
      title.append(strong);
      const next = document.createElement('p');
      if (answer.advisorOnline) {
        next.append('Go back to ');
        if (answer.siteUrl) {
          const a = document.createElement('a');
          a.href = answer.siteUrl;
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          a.textContent = 'the site';
          next.append(a);
        } else {
          next.append('the site');
        }
        next.append(' and press “Get help” (or “Ask for help”, then “Continue live” under this question). '
          + 'It shows a 6-digit code: tell it to the advisor. Nobody sees your page until you agree.');
      } else {
        next.textContent = 'We noted that you would like to talk live. An advisor will answer here; you can add details above.';
      }
      box.append(title, next);
      liveOut.classList.remove('out--error');
      liveOut.replaceChildren(box);
    } catch (err) {
      say(liveOut, 'That did not work: ' + (err && err.message ? err.message : 'network error') + '.', true);
    } finally {
      liveButton.disabled = false;
    }
  });
})();
`;
