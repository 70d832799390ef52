/**
 * @module server/secrets/secret-key
 * Where the key of the secret box comes from: SECRET_KEY, or, when it is
 * unset, a key generated once into `DATA_DIR/secret-key` (32 random bytes,
 * base64url, mode 0600) and read back on every later start, so a single
 * server keeps working across restarts with no setup.
 *
 * NOTE: the generated file belongs to one machine. Processes sharing one
 * PostgreSQL database (or a database moved elsewhere) must all set the same
 * SECRET_KEY, or each would seal with a key the others cannot open.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

export const SECRET_KEY_FILE = 'secret-key';
const MIN_KEY_LENGTH = 32;

export async function loadSecretKey(config: Pick<Config, 'secretKey' | 'dataDir' | 'databaseUrl'>, logger: Logger): Promise<string> {
  if (config.secretKey) return config.secretKey;
  const file = resolve(join(config.dataDir, SECRET_KEY_FILE));
  const shared = config.databaseUrl
    ? "; every process sharing this PostgreSQL database must set the same SECRET_KEY (copy this file's content into it)"
    : '';

  const existing = await readKeyFile(file);
  if (existing) {
    logger.info({ file }, `SECRET_KEY is not set: using the key in ${file}${shared}`);
    return existing;
  }

  const key = randomBytes(32).toString('base64url');
  await mkdir(config.dataDir, { recursive: true });
  try {
    // NOTE: 'wx' never overwrites: a key another process wrote first wins, and we read it back.
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = await readKeyFile(file);
    if (!winner) throw new Error(`${file} exists but holds no usable key (at least ${MIN_KEY_LENGTH} characters)`, { cause: err });
    return winner;
  }
  logger.warn(
    { file },
    `SECRET_KEY is not set: generated a key into ${file} (mode 0600); it seals enricher headers and webhook secrets — ` +
      `keep it with the database backups${shared}`,
  );
  return key;
}

async function readKeyFile(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const key = text.trim();
  if (key.length < MIN_KEY_LENGTH)
    throw new Error(`${file} holds no usable key (at least ${MIN_KEY_LENGTH} characters); delete it or set SECRET_KEY`);
  return key;
}
