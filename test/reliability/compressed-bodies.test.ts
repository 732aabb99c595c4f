import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from '../server/helpers';

const TOKEN = 'compressed-bodies-token';
const BULK = Buffer.from(JSON.stringify({ queries: ['海通证券'], limit: 1, snippets: 0 }));

let app: Express;
/** Every line the service logged at level error or above. */
const logged: string[] = [];

beforeAll(async () => {
  const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(line) });
  app = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ adminToken: TOKEN }), logger });
});

beforeEach(() => {
  logged.length = 0;
});

/** Sends `body` as it is: supertest would serialise a Buffer sent as JSON. */
function asIs(body: Buffer): string {
  return body as unknown as string;
}

function postBulk(encoding: string, body: Buffer) {
  return request(app).post('/api/search/bulk').set('Content-Type', 'application/json').set('Content-Encoding', encoding).serialize(asIs).send(body);
}

describe('a compressed request body', () => {
  it.each([
    ['gzip', 'not gzip', Buffer.from('{"queries":["a"]}')],
    ['deflate', 'not deflate', Buffer.from('garbage')],
    ['gzip', 'cut short', gzipSync(BULK).subarray(0, 12)],
    ['br', 'not brotli', Buffer.from('x'.repeat(40))],
  ])('a broken compressed body is a 500: returns 400 invalid_body and logs nothing when Content-Encoding is %s and the body is %s', async (encoding, _what, body) => {
    const res = await postBulk(encoding, body);
    expect([res.status, res.body]).toEqual([400, { error: { code: 'invalid_body', message: `invalid request body: not valid ${encoding} data (Content-Encoding: ${encoding})` } }]);
    expect(logged).toEqual([]);
  });

  it('a broken compressed body is a 500: returns 400 invalid_body when a PUT body is not the gzip it declares', async () => {
    const res = await request(app)
      .put('/api/docs/compressed')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize(asIs)
      .send(Buffer.from('{"title":"t","text":"x"}'));
    expect([res.status, res.body]).toEqual([400, { error: { code: 'invalid_body', message: 'invalid request body: not valid gzip data (Content-Encoding: gzip)' } }]);
    expect(logged).toEqual([]);
  });

  it.each([
    ['gzip', gzipSync(BULK)],
    ['deflate', deflateSync(BULK)],
    ['br', brotliCompressSync(BULK)],
  ])('returns 200 when the body is valid %s', async (encoding, body) => {
    const res = await postBulk(encoding, body);
    expect([res.status, res.body.results[0].total]).toEqual([200, 6]);
  });

  it('returns 415 unsupported_media_type naming the encoding when Content-Encoding is unknown', async () => {
    const res = await postBulk('compress', BULK);
    expect([res.status, res.body]).toEqual([415, { error: { code: 'unsupported_media_type', message: 'unsupported media type: unsupported content encoding "compress"' } }]);
  });

  it('returns 413 payload_too_large when a small gzip body inflates past 1 MB', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ queries: ['a'], pad: ' '.repeat(8 * 1024 * 1024) })));
    const res = await postBulk('gzip', bomb);
    expect([bomb.length < 64 * 1024, res.status, res.body]).toEqual([true, 413, { error: { code: 'payload_too_large', message: 'request body too large: the limit is 1048576 bytes' } }]);
  });
});

/** What the service answers on one connection to `text`, sent as it is, until it closes. */
function exchange(server: Server, text: string): Promise<string> {
  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  return new Promise((resolve) => {
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.end(text);
  });
}

describe('a body that does not match its Content-Length', () => {
  let server: Server;
  beforeAll(async () => {
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const head = (length: number) => `POST /api/search/bulk HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

  it('returns a bare 400 from Node, logs nothing and keeps serving when the body ends before its Content-Length', async () => {
    const answer = await exchange(server, head(BULK.length + 10) + BULK.toString('utf8'));
    expect(answer).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    expect(logged).toEqual([]);
    expect((await request(server).get('/api/search').query({ q: '海通证券' })).status).toBe(200);
  });

  it('returns a bare 400 from Node and logs nothing when the body runs past its Content-Length', async () => {
    const answer = await exchange(server, head(10) + BULK.toString('utf8'));
    expect(answer).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    expect(logged).toEqual([]);
  });
});
