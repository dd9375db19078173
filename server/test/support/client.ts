import type { Hono } from 'hono';
import type { MutationCall, PullResponse, PushResponse } from '../../../lib/domain';
import { EntitySchemas, PullResponse as PullResponseSchema, PushResponse as PushResponseSchema } from '../../../lib/domain';
import type { AppEnv } from '../../src/http';

/** A tiny client over `app.request()`, as the extension's sync engine talks to the server. */
export class ApiClient {
  private nextId = 1;
  constructor(
    private readonly app: Hono<AppEnv>,
    readonly token: string,
    readonly clientId = `client_${Math.random().toString(36).slice(2, 12)}`,
  ) {}

  request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${this.token}`);
    return Promise.resolve(this.app.request(path, { ...init, headers }));
  }

  postJson(path: string, body: unknown): Promise<Response> {
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** Push calls with fresh mutation ids; returns the parsed response. */
  async push(...calls: MutationCall[]): Promise<PushResponse> {
    return this.pushRaw(calls.map((c) => ({ id: this.nextId++, name: c.name, args: c.args })));
  }

  async pushRaw(mutations: { id: number; name: string; args: unknown }[]): Promise<PushResponse> {
    const res = await this.postJson('/api/sync/push', { clientId: this.clientId, mutations });
    if (res.status !== 200) throw new Error(`push failed ${res.status}: ${await res.text()}`);
    return PushResponseSchema.parse(await res.json());
  }

  /** Push one call and expect it applied. */
  async apply(call: MutationCall): Promise<void> {
    const { results } = await this.push(call);
    if (results[0]?.status !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(results[0])}`);
  }

  async pull(cursor = '', limit = 1000): Promise<PullResponse> {
    const res = await this.request(`/api/sync/pull?${new URLSearchParams({ clientId: this.clientId, cursor, limit: String(limit) })}`);
    if (res.status !== 200) throw new Error(`pull failed ${res.status}: ${await res.text()}`);
    const page = PullResponseSchema.parse(await res.json());
    // Every entity the server emits must parse with the shared schema.
    for (const change of page.changes) if (change.op === 'put') EntitySchemas[change.entity].parse(change.data);
    return page;
  }

  /** Pull everything from `cursor` and fold it into a map of `entity:id` → data. */
  async pullAll(cursor = '', limit = 1000): Promise<{ state: Map<string, unknown>; cursor: string; pages: number; deletes: string[] }> {
    const state = new Map<string, unknown>();
    const deletes: string[] = [];
    let pages = 0;
    for (;;) {
      const page = await this.pull(cursor, limit);
      pages++;
      for (const c of page.changes) {
        if (c.op === 'put') state.set(`${c.entity}:${c.id}`, c.data);
        else {
          state.delete(`${c.entity}:${c.id}`);
          deletes.push(`${c.entity}:${c.id}`);
        }
      }
      cursor = page.cursor;
      if (!page.hasMore) return { state, cursor, pages, deletes };
    }
  }
}
