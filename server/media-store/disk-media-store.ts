/**
 * @module server/media-store/disk-media-store
 * Media chunks as files: `<dir>/<sessionId>/<trackId>/<seq>.webm`.
 *
 * A chunk is written to a temp file in the same folder, flushed, then
 * hard-linked to its final name. link() fails if the name exists, so it is
 * an atomic create-if-absent: a crash never leaves a partial chunk under the
 * final name, and two concurrent puts of one key cannot overwrite each other
 * (the loser compares bytes: duplicate or conflict).
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { MediaChunkConflictError, MediaChunkMissingError, TRACK_ID_PATTERN, type MediaChunkKey, type MediaStore } from './media-store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CHUNK_FILE = /^(\d+)\.webm$/;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** A plain Uint8Array view (as the PostgreSQL store returns), not a Buffer. */
const plain = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export class DiskMediaStore implements MediaStore {
  readonly kind = 'disk';
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async put(key: MediaChunkKey, bytes: Uint8Array): Promise<{ duplicate: boolean }> {
    const folder = this.#trackDir(key.sessionId, key.trackId);
    await mkdir(folder, { recursive: true });
    const final = join(folder, `${key.seq}.webm`);
    const temp = join(folder, `.${key.seq}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const file = await open(temp, 'wx');
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      try {
        await link(temp, final);
        return { duplicate: false };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const stored = await readFile(final);
      if (sha256(stored) !== sha256(bytes)) throw new MediaChunkConflictError(key);
      return { duplicate: true };
    } finally {
      await unlink(temp).catch(() => {});
    }
  }

  async get(key: MediaChunkKey): Promise<Uint8Array | undefined> {
    try {
      return plain(await readFile(this.#chunkPath(key)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async read(key: MediaChunkKey, offset: number, length: number): Promise<Uint8Array> {
    let file;
    try {
      file = await open(this.#chunkPath(key), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new MediaChunkMissingError(key);
      throw err;
    }
    try {
      const buffer = Buffer.alloc(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await file.read(buffer, filled, length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return plain(buffer.subarray(0, filled));
    } finally {
      await file.close();
    }
  }

  async list(sessionId: string, trackId: string): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(this.#trackDir(sessionId, trackId));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names
      .flatMap((n) => {
        const m = CHUNK_FILE.exec(n);
        return m ? [Number(m[1])] : [];
      })
      .sort((a, b) => a - b);
  }

  async delete(sessionId: string, trackId?: string): Promise<void> {
    const target = trackId === undefined ? this.#sessionDir(sessionId) : this.#trackDir(sessionId, trackId);
    await rm(target, { recursive: true, force: true });
  }

  // NOTE: ids are checked here too (not only in the routes) because they become paths.
  #sessionDir(sessionId: string) {
    if (!UUID.test(sessionId)) throw new RangeError(`not a session id: ${sessionId}`);
    return join(this.#dir, sessionId);
  }

  #trackDir(sessionId: string, trackId: string) {
    if (!TRACK_ID_PATTERN.test(trackId)) throw new RangeError(`not a track id: ${trackId}`);
    return join(this.#sessionDir(sessionId), trackId);
  }

  #chunkPath(key: MediaChunkKey) {
    if (!Number.isSafeInteger(key.seq) || key.seq < 0) throw new RangeError(`not a seq: ${key.seq}`);
    return join(this.#trackDir(key.sessionId, key.trackId), `${key.seq}.webm`);
  }
}
