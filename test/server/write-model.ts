import fc from 'fast-check';
import request from 'supertest';

/** Concurrent writes of one batch on one id, all of one kind, each sent to one of the nodes. */
export interface WriteGroup {
  id: string;
  kind: 'put' | 'delete';
  /** The node each copy of the write goes to. */
  nodes: number[];
}

/** What the service should hold: the title of each live id. */
export type WriteModel = Map<string, string>;

/**
 * Batches of concurrent writes on a few ids over `nodeCount` nodes. Within a batch an id gets
 * writes of one kind only, so what the batch must answer does not depend on the order the
 * service puts them in: of concurrent PUTs of a new id exactly one creates it, of concurrent
 * DELETEs of a live id exactly one deletes it.
 */
export function writeBatches(ids: string[], nodeCount: number): fc.Arbitrary<WriteGroup[][]> {
  const group = fc.record({
    id: fc.constantFrom(...ids),
    kind: fc.constantFrom<'put' | 'delete'>('put', 'delete'),
    nodes: fc.array(fc.nat({ max: nodeCount - 1 }), { minLength: 1, maxLength: 5 }),
  });
  return fc.array(fc.uniqueArray(group, { selector: (g) => g.id, minLength: 1, maxLength: ids.length }), { minLength: 1, maxLength: 6 });
}

/** The title each of `ids` has on the node at `base`, for the live ones. */
export async function served(base: string, ids: string[]): Promise<WriteModel> {
  const model: WriteModel = new Map();
  for (const id of ids) {
    const res = await request(base).get(`/api/docs/${id}`);
    if (res.status === 200) model.set(id, (res.body as { title: string }).title);
  }
  return model;
}

const describeModel = (model: WriteModel): string => JSON.stringify([...model].sort());

/** Waits up to `ms` for every node to serve exactly `model`; returns what differs. */
export async function convergedOn(bases: string[], ids: string[], model: WriteModel, ms = 5000): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const problems: string[] = [];
    for (const base of bases) {
      const docs = await served(base, ids);
      if (describeModel(docs) !== describeModel(model)) problems.push(`${base} serves ${describeModel(docs)}, the model holds ${describeModel(model)}`);
      const search = await request(base).get('/api/search').query({ q: '模型稿件', limit: 100 });
      const found = (search.body.hits as Array<{ id: string }>).map((hit) => hit.id).sort();
      if (found.join() !== [...model.keys()].sort().join()) problems.push(`${base} finds ${found.join()} for 模型稿件, the model holds ${[...model.keys()].sort().join()}`);
    }
    if (problems.length === 0 || Date.now() > deadline) return problems;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let version = 0;

/**
 * Sends each batch's writes at once, checks every answer against `model` (updated in place),
 * then waits for every node to serve the model on `ids`, every id the batches write. Returns what went wrong and how many writes
 * changed something (a delete answered 404 changes nothing).
 */
export async function runBatches(bases: string[], token: string, ids: string[], batches: WriteGroup[][], model: WriteModel): Promise<{ problems: string[]; changes: number }> {
  const problems: string[] = [];
  let changes = 0;
  for (const batch of batches) {
    const titles = new Map<string, string[]>();
    const answers = await Promise.all(
      batch.map((group) => {
        return Promise.all(
          group.nodes.map((node) => {
            const url = `/api/docs/${group.id}`;
            if (group.kind === 'delete') return request(bases[node]).delete(url).set('Authorization', `Bearer ${token}`);
            const title = `模型稿件${group.id}第${++version}版`;
            titles.set(group.id, [...(titles.get(group.id) ?? []), title]);
            return request(bases[node]).put(url).set('Authorization', `Bearer ${token}`).send({ title, text: `${title}的正文` });
          }),
        );
      }),
    );
    batch.forEach((group, g) => {
      const got = answers[g].map((res) => `${res.status} ${JSON.stringify(res.body)}`).sort();
      const existed = model.has(group.id);
      const notFound = `404 {"error":{"code":"not_found","message":"not found: no document with id \\"${group.id}\\""}}`;
      const replaced = `200 {"id":"${group.id}","created":false}`;
      const [first, rest] =
        group.kind === 'put'
          ? [existed ? replaced : `201 {"id":"${group.id}","created":true}`, replaced]
          : [existed ? `200 {"id":"${group.id}","deleted":true}` : notFound, notFound];
      const expected = [first, ...got.slice(1).map(() => rest)].sort();
      if (got.join('\n') !== expected.join('\n')) problems.push(`${group.kind} ×${group.nodes.length} of ${group.id} (${existed ? 'live' : 'absent'}): ${got.join(' | ')}`);
      changes += got.filter((answer) => !answer.startsWith('404')).length;
      // Which of concurrent PUTs was applied last is the service's choice: the model takes the one node 0 serves.
      if (group.kind === 'delete') model.delete(group.id);
    });
    const deadline = Date.now() + 5000;
    for (const [id, candidates] of titles) {
      let title = (await served(bases[0], [id])).get(id);
      while (!candidates.includes(title ?? '') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        title = (await served(bases[0], [id])).get(id);
      }
      if (title !== undefined && candidates.includes(title)) model.set(id, title);
      else problems.push(`after PUTs of ${id} (${candidates.join(', ')}), node 0 serves ${title ?? 'nothing'}`);
    }
    problems.push(...(await convergedOn(bases, ids, model)));
    if (problems.length > 0) break;
  }
  return { problems, changes };
}
