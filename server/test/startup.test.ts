import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leadIdForEmail, MeResponse } from '../../lib/domain';
import { ROOT } from '../src/config';
import { startTestServer } from '../src/testing';
import { runAdmin, spawnServer } from './support/processes';
import { createPostgresDatabase, TEST_DATABASE_URL } from './support/storages';

const TOKEN_LINE = /^AUN_ADMIN_TOKEN=(aun_[A-Za-z0-9_-]{43,})$/m;

describe('starting the real server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'aun-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('on an empty data dir: embedded storage, a workspace and an admin token printed once; a restart keeps data', async () => {
    const first = await spawnServer({ AUN_DATA_DIR: dataDir });
    let token: string;
    try {
      const health = await (await fetch(`${first.url}/api/health`)).json();
      expect(health).toMatchObject({ ok: true, storage: 'pglite' });
      token = TOKEN_LINE.exec(first.output())?.[1] ?? '';
      expect(token).not.toBe('');
      const me = MeResponse.parse(await (await fetch(`${first.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json());
      expect(me.user.role).toBe('admin');
      const push = await fetch(`${first.url}/api/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: 'startup_client', mutations: [{ id: 1, name: 'lead.upsert', args: { lead: { id: leadIdForEmail('kept@acme.co.jp'), email: 'kept@acme.co.jp' } } }] }),
      });
      expect((await push.json()).results[0].status).toBe('applied');
    } finally {
      await first.stop();
    }

    const second = await spawnServer({ AUN_DATA_DIR: dataDir });
    try {
      expect(second.output()).not.toMatch(TOKEN_LINE);
      expect(second.output()).not.toContain('Created workspace');
      const pull = await (await fetch(`${second.url}/api/sync/pull?clientId=startup_client`, { headers: { authorization: `Bearer ${token}` } })).json();
      expect(pull.lastMutationId).toBe(1);
      expect(pull.changes.some((c: { id: string }) => c.id === leadIdForEmail('kept@acme.co.jp'))).toBe(true);
      const users = pull.changes.filter((c: { entity: string }) => c.entity === 'user');
      expect(users).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('admin CLI: add-user prints the token last, list-users shows no tokens, revoke-token locks the user out', async () => {
    const env = { AUN_DATA_DIR: dataDir };
    const added = await runAdmin(['add-user', '--email', 'Rep@Acme.co.jp', '--name', '営業 太郎', '--role', 'sales'], env);
    expect(added.code, added.stderr).toBe(0);
    const token = added.lines.at(-1)!;
    expect(token).toMatch(/^aun_[A-Za-z0-9_-]{43}$/);
    const list = await runAdmin(['list-users'], env);
    expect(list.lines.join('\n')).toContain('rep@acme.co.jp');
    expect(list.lines.join('\n')).not.toContain(token);
    expect(list.lines.join('\n')).not.toMatch(/aun_/);
    expect((await runAdmin(['add-user', '--email', 'x@acme.co.jp', '--name', 'X', '--role', 'wizard'], env)).code).toBe(1);

    const server = await spawnServer(env);
    try {
      expect((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await server.stop();
    }
    const revoked = await runAdmin(['revoke-token', '--email', 'rep@acme.co.jp'], env);
    expect(revoked.lines.join('\n')).toContain('Revoked 1 token');
    const again = await spawnServer(env);
    try {
      expect((await fetch(`${again.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    } finally {
      await again.stop();
    }
  });

  it('npm start (scripts/start.mjs) prints the token and the absolute folder to load unpacked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aun-npm-start-'));
    const server = await spawnServer({ AUN_DATA_DIR: dir, AUN_SKIP_BUILD: '1' }, 'scripts/start.mjs');
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(server.output()).toMatch(TOKEN_LINE);
      expect(server.output()).toContain(join(ROOT, '.output/chrome-mv3'));
      expect(await (await fetch(`${server.url}/api/health`)).json()).toMatchObject({ storage: 'pglite' });
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!TEST_DATABASE_URL)('with DATABASE_URL: PostgreSQL storage', async () => {
    const db = await createPostgresDatabase();
    try {
      const server = await spawnServer({ DATABASE_URL: db.url });
      try {
        expect(await (await fetch(`${server.url}/api/health`)).json()).toMatchObject({ storage: 'postgres' });
        expect(server.output()).toMatch(TOKEN_LINE);
      } finally {
        await server.stop();
      }
    } finally {
      await db.drop();
    }
  });

  it('startTestServer: a listening server with a seeded workspace, for other test projects', async () => {
    const server = await startTestServer();
    try {
      const me = MeResponse.parse(await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${server.seed.sales.token}` } })).json());
      expect(me.user).toMatchObject({ id: server.seed.sales.id, role: 'sales', queueIds: [server.seed.queueId] });
    } finally {
      await server.close();
    }
  });
});
