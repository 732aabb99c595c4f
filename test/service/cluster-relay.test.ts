import request from 'supertest';
import { buildIndex } from '../../src/index/build';
import type { WriteEntry } from '../../src/index/write-log';
import { noSynonyms, parseSynonyms } from '../../src/search/synonyms';
import { createApp } from '../../src/server/app';
import { ClusterSynonyms, ClusterWrites, type PrimaryChannel, type ToPrimary, type ToWorker } from '../../src/service/cluster-relay';
import { sampleArticles, testConfig } from '../server/helpers';

describe('ClusterWrites', () => {
  const TOKEN = 'cluster-unit-token';
  const put: WriteEntry = { op: 'put', at: '2024-10-01T00:00:00.000Z', article: { id: 'late', title: '另一个工作进程写的', date: null, url: null, categories: [], tags: [], text: '正文' } };

  /** Worker 2 over the sample articles; the primary puts `before` (other workers' writes, not yet broadcast) ahead of each of its writes. */
  async function worker2(before: ToWorker[]) {
    let deliver: (message: ToWorker) => void = () => undefined;
    const channel: PrimaryChannel = {
      workerId: 2,
      send: (message) =>
        setImmediate(() => {
          if (message.type !== 'write') return;
          for (const earlier of before.splice(0)) deliver(earlier);
          deliver({ type: 'apply', entry: message.entry, origin: 2, ticket: message.ticket });
        }),
      onMessage: (listener) => {
        deliver = listener;
      },
    };
    const writes = new ClusterWrites(channel);
    const index = buildIndex(await sampleArticles());
    writes.attach(index);
    return createApp({ index, writes, config: testConfig({ adminToken: TOKEN }) });
  }

  it('regression: a write on one node answers from a stale replica', async () => {
    const before: ToWorker[] = [{ type: 'apply', entry: put, origin: 1, ticket: 1 }];
    const app = await worker2(before);
    const deleted = await request(app).delete('/api/docs/late').set('Authorization', `Bearer ${TOKEN}`);
    expect([deleted.status, deleted.body]).toEqual([200, { id: 'late', deleted: true }]);
    before.push({ type: 'apply', entry: put, origin: 1, ticket: 2 });
    const replaced = await request(app).put('/api/docs/late').set('Authorization', `Bearer ${TOKEN}`).send({ title: '本工作进程写的', text: '正文' });
    expect([replaced.status, replaced.body]).toEqual([200, { id: 'late', created: false }]);
    expect((await request(app).get('/api/docs/late')).body.title).toBe('本工作进程写的');
  });
});

describe('ClusterSynonyms', () => {
  /** Worker 2's rules over a channel whose primary is the test: `sent` collects what the worker sent, `deliver` broadcasts. */
  function worker2() {
    const sent: ToPrimary[] = [];
    let deliver: (message: ToWorker) => void = () => undefined;
    const channel: PrimaryChannel = {
      workerId: 2,
      send: (message) => sent.push(message),
      onMessage: (listener) => {
        deliver = listener;
      },
    };
    return { rules: new ClusterSynonyms(channel), sent, deliver: (message: ToWorker) => deliver(message) };
  }

  it('serves a broadcast that arrived before the rules read at start, not those rules', () => {
    const { rules, deliver } = worker2();
    expect(rules.current()).toBe(noSynonyms);
    deliver({ type: 'synonyms', text: '央行 => 中国人民银行', origin: 1, ticket: 1 });
    rules.attach(parseSynonyms('港交所, 香港交易所'));
    expect(rules.current().text).toBe('央行 => 中国人民银行');
  });

  it('resolves a replacement once its own broadcast is served, and rejects it when the primary could not write it', async () => {
    const { rules, sent, deliver } = worker2();
    rules.attach(noSynonyms);
    const replaced = rules.replace(parseSynonyms('央行 => 中国人民银行'));
    expect(sent).toEqual([{ type: 'synonyms', ticket: 1, text: '央行 => 中国人民银行' }]);
    deliver({ type: 'synonyms', text: '港交所, 香港交易所', origin: 1, ticket: 1 });
    expect(rules.current().text).toBe('港交所, 香港交易所');
    deliver({ type: 'synonyms', text: '央行 => 中国人民银行', origin: 2, ticket: 1 });
    await replaced;
    expect(rules.current().text).toBe('央行 => 中国人民银行');
    const failed = rules.replace(parseSynonyms('a, b'));
    deliver({ type: 'synonyms-failed', ticket: 2, message: 'ENOSPC: no space left on device' });
    await expect(failed).rejects.toThrow('ENOSPC: no space left on device');
    expect(rules.current().text).toBe('央行 => 中国人民银行');
  });
});
