/**
 * A tiny stand-in for the server's ingest API (protocol/ingest.ts),
 * for unit-level tests of the recorder's wire behaviour: it implements the
 * two PUTs with CORS, stores chunks by (session, seq) like the server does
 * (same events again: duplicate; different events: 409), hands out a
 * session's secret once and requires it on chunks and repeated starts (401
 * `invalid_session_token`), serves recorder.js and its chunks, and records every request.
 * Tests can make it fail on purpose.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import {
  CHUNK_CONTENT_TYPE_GZIP,
  CHUNK_CONTENT_TYPE_JSON,
  INGEST_BASE,
  SESSION_TOKEN_PATTERN,
  SITE_KEY_HEADER,
} from '../../protocol/ingest-constants.ts';
import type { SessionAck, SessionStart } from '../../protocol/ingest.ts';
import { asyncHandler } from '../helpers/http-handler.ts';

export interface StubEvent {
  type: number;
  timestamp: number;
  data: any;
}

export interface StubRequest {
  method: string;
  path: string;
  status: number;
  contentType: string | undefined;
  siteKey: string | undefined;
  origin: string | undefined;
  /** The session secret presented (bearer header or `sessionToken` query), if any. */
  sessionToken: string | undefined;
  /** The body exactly as received. */
  body: Buffer;
  /** For chunks: the decompressed JSON text. */
  json?: string;
}

export interface StubChunk {
  sessionId: string;
  seq: number;
  contentType: string;
  json: string;
  events: StubEvent[];
}

export type FailMode =
  | { kind: 'none' }
  /**
   * Answer every ingest call with this status (503, 429, 400, …); with `contentType`, only the calls of that
   * type (`application/gzip`: the uploader's, not a closing page's JSON keepalive).
   */
  | { kind: 'status'; status: number; code?: string; contentType?: string }
  /** Destroy the connection without an answer. */
  | { kind: 'hang-up' };

export interface IngestStub {
  url: string;
  siteKey: string;
  sessions: Map<string, { start: SessionStart; puts: number; token: string }>;
  /** Stored chunks per session, by seq. */
  chunks: Map<string, Map<number, StubChunk>>;
  requests: StubRequest[];
  duplicates: number;
  conflicts: number;
  fail: FailMode;
  /**
   * How many session starts to store and then hang up on, as if the answer
   * (and the secret in it) was lost on the way back.
   */
  loseStartAnswers: number;
  /**
   * How many new sessions to give a secret of the stub's own making, ignoring
   * the one the start proposed: a server from before proposals.
   */
  ignoreProposedTokens: number;
  /** How long a new session's start waits (stored already) before it is answered. */
  startAnswerDelayMs: number;
  /** Forget every session (as if the server lost them): chunks answer 404 unknown_session. */
  forgetSessions(): void;
  /** Stored chunks of a session in seq order. */
  chunksOf(sessionId: string): StubChunk[];
  /** All stored events of a session in seq order. */
  eventsOf(sessionId: string): StubEvent[];
  close(): Promise<void>;
}

const RECORDER_JS = new URL('../../dist/recorder/recorder.js', import.meta.url);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function cors(req: IncomingMessage, res: ServerResponse) {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
  }
  res.setHeader('access-control-allow-methods', 'PUT, OPTIONS');
  res.setHeader('access-control-allow-headers', `content-type, authorization, ${SITE_KEY_HEADER}`);
  res.setHeader('access-control-max-age', '600');
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const error = (code: string, message = code) => ({ error: { code, message } });

export async function startIngestStub(options: { siteKey?: string } = {}): Promise<IngestStub> {
  const siteKey = options.siteKey ?? 'pk_test_stub';
  const sessionRe = new RegExp(`^${INGEST_BASE}/sessions/([^/]+)$`);
  const chunkRe = new RegExp(`^${INGEST_BASE}/sessions/([^/]+)/chunks/(\\d+)$`);

  const stub: IngestStub = {
    url: '',
    siteKey,
    sessions: new Map(),
    chunks: new Map(),
    requests: [],
    duplicates: 0,
    conflicts: 0,
    fail: { kind: 'none' },
    loseStartAnswers: 0,
    ignoreProposedTokens: 0,
    startAnswerDelayMs: 0,
    forgetSessions() {
      stub.sessions.clear();
    },
    chunksOf(sessionId) {
      return [...(stub.chunks.get(sessionId)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
    },
    eventsOf(sessionId) {
      return stub.chunksOf(sessionId).flatMap((c) => c.events);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestUrl = new URL(req.url ?? '/', 'http://stub');
    const path = requestUrl.pathname;
    cors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (req.method === 'GET' && (path === '/recorder.js' || path === '/recorder.js.map')) {
      const file = path === '/recorder.js' ? RECORDER_JS : new URL('./recorder.js.map', RECORDER_JS);
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      res.end(await readFile(file));
      return;
    }
    // The recorder's on-demand chunks (live help, "Ask for help", video), imported relative to recorder.js.
    const chunk = /^\/recorder-chunks\/([\w-]+\.js(?:\.map)?)$/.exec(path);
    if (req.method === 'GET' && chunk) {
      const source = await readFile(new URL(`./recorder-chunks/${chunk[1]}`, RECORDER_JS)).catch(() => undefined);
      res.writeHead(source ? 200 : 404, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      res.end(source ?? '');
      return;
    }
    const body = await readBody(req);
    const entry: StubRequest = {
      method: req.method ?? '',
      path,
      status: 0,
      contentType: req.headers['content-type'],
      siteKey: req.headers[SITE_KEY_HEADER] as string | undefined,
      origin: req.headers.origin,
      sessionToken:
        /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? (requestUrl.searchParams.get('sessionToken') || undefined),
      body,
    };
    stub.requests.push(entry);
    const answer = (status: number, payload: unknown) => {
      entry.status = status;
      send(res, status, payload);
    };

    if (stub.fail.kind === 'hang-up') {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (stub.fail.kind === 'status' && (!stub.fail.contentType || entry.contentType?.split(';')[0]!.trim() === stub.fail.contentType)) {
      return answer(stub.fail.status, error(stub.fail.code ?? 'stub_failure'));
    }
    if (req.method !== 'PUT') return answer(404, error('not_found'));
    if (entry.siteKey !== siteKey) return answer(401, error('invalid_site_key'));

    const sessionMatch = sessionRe.exec(path);
    if (sessionMatch) {
      const id = decodeURIComponent(sessionMatch[1]!);
      let start: SessionStart;
      try {
        start = JSON.parse(body.toString('utf8'));
      } catch {
        return answer(400, error('invalid_json'));
      }
      const known = stub.sessions.get(id);
      if (known) {
        // As the server: the secret is handed out once; a repeat must present it.
        if (entry.sessionToken !== known.token) return answer(401, error('invalid_session_token'));
        known.puts++;
        return answer(200, { sessionId: id, created: false } satisfies SessionAck);
      }
      // As the server: the secret the start proposes (of the right form), else one of its own.
      const proposed = entry.sessionToken;
      if (proposed !== undefined && !SESSION_TOKEN_PATTERN.test(proposed)) return answer(400, error('bad_request'));
      const ownSecret = stub.ignoreProposedTokens > 0;
      if (ownSecret) stub.ignoreProposedTokens--;
      const token = proposed !== undefined && !ownSecret ? proposed : randomBytes(32).toString('base64url');
      stub.sessions.set(id, { start, puts: 1, token });
      if (stub.loseStartAnswers > 0) {
        stub.loseStartAnswers--;
        entry.status = -1;
        req.socket.destroy();
        return;
      }
      if (stub.startAnswerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, stub.startAnswerDelayMs));
      return answer(201, { sessionId: id, created: true, sessionToken: token } satisfies SessionAck);
    }

    const chunkMatch = chunkRe.exec(path);
    if (chunkMatch) {
      const id = decodeURIComponent(chunkMatch[1]!);
      const seq = Number(chunkMatch[2]);
      let json: string;
      const type = (entry.contentType ?? '').split(';')[0]!.trim();
      try {
        if (type === CHUNK_CONTENT_TYPE_GZIP) json = gunzipSync(body).toString('utf8');
        else if (type === CHUNK_CONTENT_TYPE_JSON) json = body.toString('utf8');
        else return answer(415, error('unsupported_media_type'));
      } catch {
        return answer(400, error('bad_request', 'not gzip'));
      }
      entry.json = json;
      let events: StubEvent[];
      try {
        events = JSON.parse(json);
      } catch {
        return answer(400, error('invalid_json'));
      }
      if (!Array.isArray(events) || events.length === 0) return answer(400, error('invalid_events'));
      const session = stub.sessions.get(id);
      if (!session) return answer(404, error('unknown_session'));
      if (entry.sessionToken !== session.token) return answer(401, error('invalid_session_token'));
      const stored = stub.chunks.get(id) ?? new Map<number, StubChunk>();
      stub.chunks.set(id, stored);
      const previous = stored.get(seq);
      if (previous) {
        if (JSON.stringify(previous.events) === JSON.stringify(events)) {
          stub.duplicates++;
          return answer(200, { sessionId: id, seq, duplicate: true });
        }
        stub.conflicts++;
        return answer(409, error('sequence_conflict'));
      }
      stored.set(seq, { sessionId: id, seq, contentType: type, json, events });
      return answer(201, { sessionId: id, seq, duplicate: false });
    }
    return answer(404, error('not_found'));
  };
  const server = createServer(asyncHandler(handle));

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}
