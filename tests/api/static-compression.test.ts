/**
 * The scripts customers' pages and help centres load, the advisor app and
 * the demo are sent gzipped to browsers that accept it (and as they are to
 * those that do not); the API's answers are not touched by it.
 */
import { gunzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** A raw GET (fetch would decompress and hide what travelled): status, headers and the bytes as sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe.each(testDrivers.slice(0, 1))('static files over HTTP on $name', (driver) => {
  let database: Database;
  let t: TestServer;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it.each([
    ['/tutorial.js', 'dist/tutorial/tutorial.js'],
    ['/recorder.js', 'dist/recorder/recorder.js'],
  ])('sends %s gzipped to a browser that accepts it, byte for byte the built file', async (path, file) => {
    const built = await readFile(file);
    const zipped = await rawGet(`${t.url}${path}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toMatch(/accept-encoding/i);
    expect(zipped.body.length).toBeLessThan(built.length * 0.5);
    expect(gunzipSync(zipped.body).equals(built)).toBe(true);

    const plain = await rawGet(`${t.url}${path}`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(built)).toBe(true);
  });

  it("gzips the advisor app's script but leaves the API alone", async () => {
    const page = (await rawGet(`${t.url}/app/`, {})).body.toString('utf8');
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeTruthy();
    const app = await rawGet(`${t.url}${script}`, { 'accept-encoding': 'gzip' });
    expect(app.status).toBe(200);
    expect(app.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(app.body).toString('utf8')).toContain('cobrowse-advisor-app');
    const api = await rawGet(`${t.url}/api/openapi.json`, { 'accept-encoding': 'gzip' });
    expect(api.headers['content-encoding']).toBeUndefined();
  });
});
