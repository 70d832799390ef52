/**
 * @module recorder/context/network-observer
 * Watches the page's requests (`fetch`, `XMLHttpRequest`, and failed
 * resource loads through `PerformanceObserver`) and reports the failed ones
 * (no response, or status ≥ 400), or all of them when the site asks, as
 * {@link NetworkPayload}s, which the recording adds as `cobrowse-network`
 * rrweb custom events.
 *
 * Privacy: URLs lose their fragment and credentials and sensitive query
 * values ({@link redactUrl}); only allow-listed headers are kept, never
 * credentials ({@link pickHeaders}); bodies are off by default and, when on,
 * have sensitive JSON fields redacted and are truncated ({@link redactBody});
 * the current values of masked fields are scrubbed from all of it.
 *
 * NOTE: the wrappers stay installed if a later script wrapped them again
 * (unwrapping would drop that script's wrapper); once stopped they only pass
 * calls through.
 */
import type { NetworkPayload } from '../../protocol/context-events.ts';
import type { ResolvedNetworkCapture } from './context-options.ts';
import { pickHeaders, redactBody, redactUrl, scrubValues, sensitiveNameMatcher } from './redact.ts';

export interface NetworkObserverOptions extends ResolvedNetworkCapture {
  /** True for a URL of the cobrowse server's own endpoints (never recorded). */
  skip: (url: string) => boolean;
  /** Current values of the page's masked fields. */
  maskedValues: () => string[];
  emit: (payload: NetworkPayload) => void;
}

interface XhrState {
  method: string;
  url: string;
  headers: [string, string][];
  started: number;
  error?: 'network' | 'abort' | 'timeout';
}

const RESOURCE_SKIP = new Set(['fetch', 'xmlhttprequest', 'beacon']);

/** Reads at most `max` characters of a response clone's text. */
async function readText(res: Response, max: number): Promise<string | undefined> {
  const type = res.headers.get('content-type') ?? '';
  if (type && !/json|text|xml|javascript|x-www-form-urlencoded/i.test(type)) return `[${type.split(';')[0]}]`;
  const reader = res.body?.getReader();
  if (!reader) return undefined;
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length <= max) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  return text;
}

function parseRawHeaders(raw: string): [string, string][] {
  return raw
    .trim()
    .split(/[\r\n]+/)
    .map((line) => {
      const i = line.indexOf(':');
      return [line.slice(0, i).trim(), line.slice(i + 1).trim()] as [string, string];
    })
    .filter(([name]) => name.length > 0);
}

export class NetworkObserver {
  #options: NetworkObserverOptions;
  #isSensitive: (name: string) => boolean;
  #active = false;
  #count = 0;
  #undo: (() => void)[] = [];
  #xhrs = new WeakMap<XMLHttpRequest, XhrState>();

  constructor(options: NetworkObserverOptions) {
    this.#options = options;
    this.#isSensitive = sensitiveNameMatcher(options.redactNames);
  }

  start(win: Window & typeof globalThis = window): void {
    if (this.#active) return;
    this.#active = true;
    this.#wrapFetch(win);
    this.#wrapXhr(win);
    this.#observeResources(win);
  }

  stop(): void {
    this.#active = false;
    for (const undo of this.#undo.splice(0)) undo();
  }

  #report(payload: Omit<NetworkPayload, 'failed' | 'url'> & { url: string }, body?: { request?: unknown; response?: string }) {
    if (!this.#active) return;
    const failed = payload.status === 0 || payload.status >= 400;
    if (!failed && !this.#options.recordAll) return;
    if (this.#count >= this.#options.maxEntries) return;
    this.#count += 1;
    const masked = this.#options.maskedValues();
    const out: NetworkPayload = {
      ...payload,
      url: scrubValues(redactUrl(payload.url, this.#isSensitive), masked),
      failed,
    };
    if (!out.requestHeaders) delete out.requestHeaders;
    if (!out.responseHeaders) delete out.responseHeaders;
    if (this.#options.bodies && body) {
      const max = this.#options.maxBodyLength;
      const request = redactBody(body.request, this.#isSensitive, max);
      const response = redactBody(body.response, this.#isSensitive, max);
      if (request !== undefined) out.requestBody = scrubValues(request, masked);
      if (response !== undefined) out.responseBody = scrubValues(response, masked);
    }
    try {
      this.#options.emit(out);
    } catch {
      /* never break the page's request */
    }
  }

  #wrapFetch(win: Window & typeof globalThis): void {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below as original.call(win, …)
    const original = win.fetch;
    if (typeof original !== 'function') return;
    // The wrappers are plain functions (their own `this` is the page's window or XHR), so they reach the observer by name.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    const wrapped = function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const promise = original.call(win, input, init);
      if (!self.#active) return promise;
      let method = 'GET';
      let url = '';
      let headers: [string, string][];
      try {
        const request = input instanceof Request ? input : undefined;
        url = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
        method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
        headers = [...new Headers(init?.headers ?? request?.headers).entries()];
      } catch {
        return promise;
      }
      if (self.#options.skip(url)) return promise;
      const started = performance.now();
      const requestHeaders = pickHeaders(headers, self.#options.requestHeaders, self.#isSensitive);
      promise.then(
        async (res) => {
          const durationMs = Math.round(performance.now() - started);
          const failed = res.status >= 400 || res.type === 'error';
          let response: string | undefined;
          if (self.#options.bodies && (failed || self.#options.recordAll)) {
            try {
              response = await readText(res.clone(), self.#options.maxBodyLength);
            } catch {
              response = undefined;
            }
          }
          self.#report(
            {
              initiator: 'fetch',
              method,
              url,
              status: res.type === 'error' ? 0 : res.status,
              durationMs,
              requestHeaders,
              responseHeaders: pickHeaders(res.headers.entries(), self.#options.responseHeaders, self.#isSensitive),
            },
            { request: init?.body, ...(response !== undefined ? { response } : {}) },
          );
        },
        (error: unknown) => {
          const aborted = error instanceof DOMException && error.name === 'AbortError';
          self.#report(
            {
              initiator: 'fetch',
              method,
              url,
              status: 0,
              error: aborted ? 'abort' : 'network',
              durationMs: Math.round(performance.now() - started),
              requestHeaders,
            },
            { request: init?.body },
          );
        },
      );
      return promise;
    };
    win.fetch = wrapped;
    this.#undo.push(() => {
      if (win.fetch === wrapped) win.fetch = original;
    });
  }

  #wrapXhr(win: Window & typeof globalThis): void {
    const proto = win.XMLHttpRequest?.prototype;
    if (!proto) return;
    // The wrappers are plain functions (their own `this` is the page's window or XHR), so they reach the observer by name.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the wrappers call them with .call(this, …) on the XHR
    const { open, send, setRequestHeader } = proto;

    const wrappedOpen = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
      if (self.#active) {
        self.#xhrs.set(this, { method: String(method).toUpperCase(), url: String(url), headers: [], started: 0 });
      }
      return (open as (...args: unknown[]) => void).call(this, method, url, ...rest);
    };
    const wrappedSetRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
      self.#xhrs.get(this)?.headers.push([name, value]);
      return setRequestHeader.call(this, name, value);
    };
    const wrappedSend = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const state = self.#xhrs.get(this);
      if (state && self.#active && !self.#options.skip(state.url)) {
        state.started = performance.now();
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- the listeners below are arrows inside a function whose `this` is the XHR
        const xhr = this;
        const mark = (kind: XhrState['error']) => () => (state.error = kind);
        xhr.addEventListener('error', mark('network'));
        xhr.addEventListener('abort', mark('abort'));
        xhr.addEventListener('timeout', mark('timeout'));
        xhr.addEventListener('loadend', () => {
          const status = state.error ? 0 : xhr.status;
          let response: string | undefined;
          if (self.#options.bodies && (status === 0 || status >= 400 || self.#options.recordAll)) {
            try {
              if (xhr.responseType === '' || xhr.responseType === 'text') response = xhr.responseText;
              else if (xhr.responseType === 'json') response = JSON.stringify(xhr.response);
            } catch {
              response = undefined;
            }
          }
          self.#report(
            {
              initiator: 'xhr',
              method: state.method,
              url: state.url,
              status,
              ...(status === 0 ? { error: state.error ?? 'network' } : {}),
              durationMs: Math.round(performance.now() - state.started),
              requestHeaders: pickHeaders(state.headers, self.#options.requestHeaders, self.#isSensitive),
              responseHeaders: pickHeaders(parseRawHeaders(xhr.getAllResponseHeaders()), self.#options.responseHeaders, self.#isSensitive),
            },
            { request: body, ...(response !== undefined ? { response } : {}) },
          );
        });
      }
      return send.call(this, body);
    };
    proto.open = wrappedOpen;
    proto.setRequestHeader = wrappedSetRequestHeader;
    proto.send = wrappedSend;
    this.#undo.push(() => {
      if (proto.open === wrappedOpen) proto.open = open;
      if (proto.setRequestHeader === wrappedSetRequestHeader) proto.setRequestHeader = setRequestHeader;
      if (proto.send === wrappedSend) proto.send = send;
    });
  }

  /** Images, scripts, stylesheets… that answered ≥ 400 (Chromium reports `responseStatus`). */
  #observeResources(win: Window & typeof globalThis): void {
    if (typeof win.PerformanceObserver !== 'function') return;
    let observer: PerformanceObserver;
    try {
      observer = new win.PerformanceObserver((list) => {
        for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
          const status = (entry as { responseStatus?: number }).responseStatus;
          if (RESOURCE_SKIP.has(entry.initiatorType) || typeof status !== 'number' || status < 400) continue;
          if (this.#options.skip(entry.name)) continue;
          this.#report({
            initiator: 'resource',
            method: 'GET',
            url: entry.name,
            status,
            durationMs: Math.round(entry.duration),
          });
        }
      });
      observer.observe({ type: 'resource', buffered: false });
    } catch {
      return;
    }
    this.#undo.push(() => observer.disconnect());
  }
}
