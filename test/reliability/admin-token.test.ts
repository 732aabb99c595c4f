import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import request from 'supertest';
import type { JiansuoError } from '../../src/errors';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { requireAdmin } from '../../src/server/auth';
import { sampleArticles, testConfig } from '../server/helpers';
import { limitsWith } from './helpers';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const TOKEN = 'k3J9-rT5vX8qLm2NwZ7pB4sYc6HdF1gA0eUoIiKyRtVb';

describe('requireAdmin over HTTP', () => {
  it.each([
    [401, 'no Authorization header', undefined, 'unauthorized: send the admin token as "Authorization: Bearer <token>"'],
    [401, 'an empty bearer', 'Bearer ', 'unauthorized: send the admin token as "Authorization: Bearer <token>"'],
    [401, 'Basic credentials', `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`, 'unauthorized: send the admin token as "Authorization: Bearer <token>"'],
    [401, 'the token without "Bearer"', TOKEN, 'unauthorized: send the admin token as "Authorization: Bearer <token>"'],
    [403, 'a wrong token', 'Bearer nope', 'forbidden: the bearer token is wrong'],
    [403, 'the token minus its last character', `Bearer ${TOKEN.slice(0, -1)}`, 'forbidden: the bearer token is wrong'],
    [403, 'the token plus one character', `Bearer ${TOKEN}x`, 'forbidden: the bearer token is wrong'],
    [403, 'the token in another letter case', `Bearer ${TOKEN.toLowerCase()}`, 'forbidden: the bearer token is wrong'],
    [401, 'two tokens', `Bearer ${TOKEN} ${TOKEN}`, 'unauthorized: send the admin token as "Authorization: Bearer <token>"'],
  ])('returns %i and changes nothing when a write carries %s', async (status, _what, header, message) => {
    const index = buildIndex(await sampleArticles());
    const app = createApp({ index, config: testConfig({ adminToken: TOKEN }) });
    const put = request(app).put('/api/docs/intruder').send({ title: '入侵', text: '正文' });
    const del = request(app).delete('/api/docs/2022-03-29-202203292326272624');
    const [putRes, delRes] = await Promise.all([header === undefined ? put : put.set('Authorization', header), header === undefined ? del : del.set('Authorization', header)]);
    expect([putRes.status, putRes.body.error.message, delRes.status, delRes.body.error.message]).toEqual([status, message, status, message]);
    expect([index.docNumber('intruder'), index.size]).toEqual([undefined, 32]);
  });

  it('returns 403 for the right token when JIANSUO_ADMIN_TOKEN is unset', async () => {
    const app = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ adminToken: null }) });
    const res = await request(app).put('/api/docs/x').set('Authorization', `Bearer ${TOKEN}`).send({ title: 't', text: 'x' });
    expect([res.status, res.body.error.message]).toEqual([403, 'forbidden: writes are disabled because JIANSUO_ADMIN_TOKEN is unset']);
  });

  it('returns 401 before reading the body when an unauthenticated PUT is larger than the body limit', async () => {
    const app = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ adminToken: TOKEN, limits: limitsWith({ writesPerWindow: 1000 }) }) });
    const res = await request(app).put('/api/docs/x').set('Content-Type', 'application/json').send(JSON.stringify({ title: 't', text: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(401);
  });
});

/** Milliseconds `requireAdmin` takes to refuse `candidate` `calls` times in a row. */
function refusalTime(guard: ReturnType<typeof requireAdmin>, candidate: string, calls: number): number {
  const req = { get: () => `Bearer ${candidate}` } as unknown as Request;
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    try {
      guard(req, {} as Response, () => undefined);
    } catch (error) {
      if ((error as JiansuoError).code !== 'forbidden') throw error;
    }
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('requireAdmin timing', () => {
  it('compares fixed-length SHA-256 digests with crypto.timingSafeEqual when a token is checked', () => {
    const spy = jest.mocked(timingSafeEqual);
    spy.mockClear();
    try {
      const guard = requireAdmin(TOKEN);
      guard({ get: () => `Bearer ${TOKEN.slice(0, 3)}` } as unknown as Request, {} as Response, () => undefined);
    } catch {
      // The wrong token is refused; only the comparison matters here.
    }
    expect(spy.mock.calls.map(([a, b]) => [(a as Buffer).byteLength, (b as Buffer).byteLength])).toEqual([[32, 32]]);
  });

  it('returns the same median refusal time whether 0 or all but one leading characters match', () => {
    const guard = requireAdmin(TOKEN);
    const noneMatch = `#${TOKEN.slice(1)}`;
    const allButLast = `${TOKEN.slice(0, -1)}#`;
    const calls = 2000;
    // Warm up the JIT on both paths before measuring.
    refusalTime(guard, noneMatch, calls);
    refusalTime(guard, allButLast, calls);
    const medianRatio = (): number => {
      const times: Record<'none' | 'most', number[]> = { none: [], most: [] };
      for (let round = 0; round < 25; round++) {
        // Each token goes first in every other round, so that neither always follows the other.
        const order: Array<'none' | 'most'> = round % 2 === 0 ? ['none', 'most'] : ['most', 'none'];
        for (const which of order) times[which].push(refusalTime(guard, which === 'none' ? noneMatch : allButLast, calls));
      }
      return median(times.most) / median(times.none);
    };
    // Generous bounds: a byte-by-byte comparison of the raw tokens is not what is measured here,
    // but a systematic gap this size would show that matching prefixes change the work done. A
    // busy machine can push one measurement out; a gap in the work done pushes out every one,
    // so up to three are made.
    const within = (ratio: number): boolean => ratio > 0.75 && ratio < 1.33;
    let ratio = medianRatio();
    for (let attempt = 1; attempt < 3 && !within(ratio); attempt++) ratio = medianRatio();
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.33);
  });
});
