/**
 * @module scripts/import
 * `npm run import -- <file> --site <site id>`: uploads a recording made
 * elsewhere (an rrweb event array, or a PostHog "Export to file" JSON; plain
 * or already gzipped) to `POST /api/sessions/import`, with a progress bar,
 * and prints each new session's address in the advisor app.
 *
 * Options (or environment):
 *   --site <uuid>       the site to import into (without it: the sites are listed)
 *   --server <url>      the server (COBROWSE_URL, else PUBLIC_URL, else http://localhost:$PORT or 3000)
 *   --token <token>     an admin's bearer token (COBROWSE_TOKEN); without one,
 *                       signs in as ADMIN_EMAIL / ADMIN_PASSWORD
 */
import { readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseArgs, promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import { routeUrl } from '../client/lib/route.ts';
import type { SessionImport, Site, TokenResponse } from '../protocol/api.ts';
import type { ErrorBody } from '../protocol/errors.ts';
import { mib, progressBar } from './progress-bar.ts';

const gzip = promisify(gzipCb);
/** Bytes handed to the socket at a time: small enough for a smooth bar, large enough to cost nothing. */
const SLICE = 64 * 1024;

class CliError extends Error {}

const usage = 'usage: npm run import -- <file.json | file.json.gz> --site <site id> [--server <url>] [--token <admin token>]';

const OPTIONS = {
  site: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--site`, `--server`, `--token`: the options that take a value. */
const VALUE_FLAGS = new Set(
  Object.entries(OPTIONS)
    .filter(([, option]) => option.type === 'string')
    .map(([name]) => `--${name}`),
);

/**
 * `--name value` as `--name=value` for the options that always take a value:
 * `parseArgs` refuses a separate value starting with a dash as ambiguous, and
 * a token is random base64url, so one in 64 starts with one.
 */
function joinValues(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (VALUE_FLAGS.has(arg) && next !== undefined) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

function options() {
  const { values, positionals } = parseArgs({
    args: joinValues(process.argv.slice(2)),
    allowPositionals: true,
    options: OPTIONS,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new CliError(usage);
  const server = (
    values.server ??
    process.env.COBROWSE_URL ??
    process.env.PUBLIC_URL ??
    `http://localhost:${process.env.PORT ?? 3000}`
  ).replace(/\/+$/, '');
  return { file, site: values.site, server, token: values.token ?? process.env.COBROWSE_TOKEN };
}

async function errorText(res: Response | { status: number; body: string }): Promise<string> {
  const body = res instanceof Response ? await res.text() : res.body;
  try {
    const parsed = JSON.parse(body) as ErrorBody;
    return `${res.status} ${parsed.error.code}: ${parsed.error.message}`;
  } catch {
    return `${res.status} ${body.slice(0, 200)}`;
  }
}

async function adminToken(server: string, token: string | undefined): Promise<string> {
  if (token) return token;
  const email = process.env.ADMIN_EMAIL;
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password)
    throw new CliError('give an admin token (--token or COBROWSE_TOKEN), or ADMIN_EMAIL and ADMIN_PASSWORD to sign in');
  const res = await fetch(`${server}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new CliError(`sign-in as ${email} failed: ${await errorText(res)}`);
  return ((await res.json()) as TokenResponse).token;
}

async function listSites(server: string, token: string): Promise<string> {
  const res = await fetch(`${server}/api/sites`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) return `(the sites could not be listed: ${await errorText(res)})`;
  const { sites } = (await res.json()) as { sites: Site[] };
  return sites.length ? sites.map((s) => `  ${s.id}  ${s.name}`).join('\n') : '  (no sites yet: create one in the advisor app)';
}

/** POSTs `body` slice by slice, waiting for the socket to drain, so the bar shows what actually left. */
function upload(url: URL, token: string, body: Uint8Array): Promise<{ status: number; body: string }> {
  const bar = progressBar('uploading', body.byteLength);
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/gzip', 'content-length': body.byteLength },
    });
    let answered = false;
    // A refusal (413, 401…) may come before the whole body left: the answer counts, not the broken pipe.
    req.on('error', (err) => (answered ? undefined : reject(err)));
    req.on('response', (res: IncomingMessage) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    let sent = 0;
    const pump = () => {
      while (sent < body.byteLength && !answered) {
        const slice = body.subarray(sent, sent + SLICE);
        sent += slice.byteLength;
        const more = req.write(slice);
        bar.update(sent);
        if (!more) return void req.once('drain', pump);
      }
      bar.done();
      if (!answered) process.stderr.write('processing on the server…\n');
      req.end();
    };
    pump();
  });
}

async function main() {
  const { file, site, server, token: given } = options();
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${err.code ?? err.message}`);
  });
  const token = await adminToken(server, given);
  if (!site) throw new CliError(`name the site to import into with --site; the sites are:\n${await listSites(server, token)}`);

  const alreadyGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const body = alreadyGzip ? bytes : await gzip(bytes);
  process.stderr.write(
    alreadyGzip ? `${file}: ${mib(body.byteLength)} gzip\n` : `${file}: ${mib(bytes.byteLength)}, ${mib(body.byteLength)} gzipped\n`,
  );

  const url = new URL(`${server}/api/sessions/import`);
  url.searchParams.set('siteId', site);
  const res = await upload(url, token, body);
  if (res.status !== 201) {
    const hint = res.status === 404 ? `\nthe sites are:\n${await listSites(server, token)}` : '';
    throw new CliError(`import refused: ${await errorText(res)}${hint}`);
  }
  const result = JSON.parse(res.body) as SessionImport;
  const n = result.sessions.length;
  process.stdout.write(`imported ${n} session${n === 1 ? '' : 's'} (${result.format}):\n`);
  for (const s of result.sessions) {
    const facts = [
      ...(s.windowId ? [`window ${s.windowId}`] : []),
      `${s.eventCount} events`,
      `${s.chunkCount} chunks`,
      `${((s.lastEventTs - s.firstEventTs) / 1000).toFixed(0)} s`,
    ];
    process.stdout.write(`  ${server}${routeUrl({ name: 'player', sessionId: s.sessionId, t: null })}  (${facts.join(', ')})\n`);
  }
}

try {
  await main();
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code ?? ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code;
  const message =
    err instanceof CliError
      ? err.message
      : code === 'ECONNREFUSED' || code === 'ENOTFOUND'
        ? `cannot reach the server (${code}): start it with npm start, or name it with --server`
        : err instanceof Error
          ? (err.stack ?? err.message)
          : String(err);
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
