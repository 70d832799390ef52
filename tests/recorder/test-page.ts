/**
 * The HTML of a recorder test page: a few fields, masked and blocked
 * content, a link to a second page, and helpers on `window`.
 */
import type { IngestStub } from './ingest-stub.ts';

export const SECRETS = {
  password: 'Hunter2-p4ssw0rd-SECRET',
  maskedText: 'MASKED-TEXT-SECRET-8842',
  blockedText: 'BLOCKED-TEXT-SECRET-1337',
  name: 'Plain-Name-Value-7731',
  card: '4111222233334444',
};

export interface TestPageOptions {
  /** Extra attributes of <cobrowse-recorder>. */
  attributes?: string;
  /** Leave the recorder element out (programmatic tests). */
  noElement?: boolean;
  title?: string;
  next?: string;
}

export function testPage(stub: IngestStub, options: TestPageOptions = {}): string {
  const element = options.noElement
    ? ''
    : `<cobrowse-recorder site-key="${stub.siteKey}" ${options.attributes ?? 'autostart'}></cobrowse-recorder>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${options.title ?? 'recorder test'}</title></head>
<body>
  <h1>${options.title ?? 'recorder test'}</h1>
  <form onsubmit="return false">
    <input id="name" name="name" autocomplete="off">
    <input id="password" type="password" autocomplete="off">
    <input id="card" data-cb-mask autocomplete="off">
    <textarea id="notes"></textarea>
  </form>
  <p id="masked" data-cb-mask>${SECRETS.maskedText}</p>
  <div id="blocked" data-cb-block>${SECRETS.blockedText}</div>
  <a id="next" href="${options.next ?? '/b.html'}">next page</a>
  <div id="log"></div>
  <script>
    window.cobrowseEvents = [];
    document.addEventListener('cobrowse-session', (e) => window.cobrowseEvents.push(e.detail.sessionId));
    window.addMarkers = (from, count) => {
      const log = document.getElementById('log');
      for (let i = from; i < from + count; i++) {
        const p = document.createElement('p');
        p.textContent = 'marker-' + i;
        log.appendChild(p);
      }
    };
  </script>
  <script type="module" src="${stub.url}/recorder.js"></script>
  ${element}
</body>
</html>`;
}
