import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import type { ReferenceServer } from './reference-server';

/**
 * The peer of the initial-sync figure: the reference workspace's documents served by
 * express-pouchdb (PouchDB's CouchDB-protocol server) from pouchdb-core on the in-memory adapter,
 * and replicated by pouchdb-browser into IndexedDB in a Chromium page. None of it ships: PouchDB
 * is a devDependency used only here.
 */

const require = createRequire(import.meta.url);

interface PouchDatabase {
  bulkDocs(docs: object[]): Promise<Array<{ ok?: boolean; error?: string }>>;
  info(): Promise<{ doc_count: number; update_seq: number | string }>;
  destroy(): Promise<void>;
}
type PouchConstructor = { new (name: string): PouchDatabase; plugin(plugin: unknown): PouchConstructor; defaults(options: object): PouchConstructor };

/** Replicated entities the peer serves: the same rows the extension pulls, minus the handful of users, queues and definitions. */
export const PEER_ENTITIES = ['lead', 'touch', 'handoff', 'outcome'] as const;

export interface PouchPeer {
  /** The page origin, which also serves the database at /db/<name>. */
  url: string;
  dbName: string;
  docs: number;
  /** Leads in the served slice (every lead when it is the whole workspace). */
  leads: number;
  loadSeconds: number;
  close(): Promise<void>;
}

/**
 * Copy the reference server's live rows (the documents its pull serves) into an in-memory
 * PouchDB and serve it with express-pouchdb, plus a page with pouchdb-browser, all on one
 * loopback origin so the browser needs no CORS. With `maxLeads`, only a slice: the first
 * `maxLeads` leads in id order (ids are hashes, so an unbiased sample) with all their touches,
 * handoffs and outcomes.
 */
export async function startPouchPeer(reference: ReferenceServer, log: (message: string) => void, options: { maxLeads?: number } = {}): Promise<PouchPeer> {
  const PouchDB = (require('pouchdb-core') as PouchConstructor)
    .plugin(require('pouchdb-adapter-memory'))
    .plugin(require('pouchdb-adapter-http'))
    .plugin(require('pouchdb-replication'))
    .plugin(require('pouchdb-mapreduce'))
    .defaults({ adapter: 'memory' });
  const expressPouchDB = require('express-pouchdb') as (pouch: PouchConstructor, options: object) => ((req: unknown, res: unknown) => void) & { use: unknown };
  const dbName = 'reference';
  const db = new PouchDB(dbName);
  const { db: sql } = reference.database;
  const workspaceId = reference.seed.workspaceId;

  // The slice's last lead id: leads, and the rows of leads, up to it are served.
  const boundary = options.maxLeads
    ? (
        await sql
          .selectFrom('records')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('entity', '=', 'lead')
          .where('deleted', '=', false)
          .orderBy('id')
          .offset(options.maxLeads - 1)
          .limit(1)
          .executeTakeFirst()
      )?.id
    : undefined;

  const started = performance.now();
  let docs = 0;
  let leads = 0;
  for (const entity of PEER_ENTITIES) {
    // Keyset pages keep Node's memory flat while copying a million rows.
    let after = '';
    for (;;) {
      let query = sql
        .selectFrom('records')
        .select(['id', 'data'])
        .where('workspace_id', '=', workspaceId)
        .where('entity', '=', entity)
        .where('deleted', '=', false)
        .where('id', '>', after);
      if (boundary !== undefined) query = entity === 'lead' ? query.where('id', '<=', boundary) : query.where('lead_id', '<=', boundary);
      const rows = await query.orderBy('id').limit(5000).execute();
      if (rows.length === 0) break;
      const result = await db.bulkDocs(rows.map((r) => ({ ...(r.data as object), _id: `${entity}:${r.id}`, type: entity })));
      const failed = result.filter((r) => r.error).length;
      if (failed) throw new Error(`express-pouchdb peer: ${failed} documents failed to load`);
      docs += rows.length;
      if (entity === 'lead') leads += rows.length;
      after = rows.at(-1)!.id;
    }
  }
  const loadSeconds = (performance.now() - started) / 1000;
  log(`PouchDB peer: loaded ${docs} documents into pouchdb-core (memory) in ${loadSeconds.toFixed(0)} s`);

  const bundle = await bundlePouchBrowser();
  const pouchApp = expressPouchDB(PouchDB, { mode: 'minimumForPouchDB', inMemoryConfig: true });
  const server: Server = createServer((req, res) => {
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><meta charset="utf-8"><title>PouchDB peer</title><script src="/pouchdb.js"></script>');
      return;
    }
    if (req.url === '/pouchdb.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
      return;
    }
    if (req.url?.startsWith('/db/')) {
      req.url = req.url.slice('/db'.length);
      pouchApp(req, res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dbName,
    docs,
    leads,
    loadSeconds,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // The memory adapter keeps a database for the life of the process unless destroyed.
      await db.destroy();
    },
  };
}

/**
 * Node's `events`, which pouchdb-browser imports and leaves to the bundler (webpack 4 used to
 * polyfill it). Methods are assigned, not class members: PouchDB copies the enumerable keys of
 * EventEmitter.prototype onto its constructor.
 */
const EVENTS_SHIM = `
function EventEmitter() { this._events = new Map(); }
var p = EventEmitter.prototype;
function list(ee, type) { if (!ee._events) ee._events = new Map(); var l = ee._events.get(type); if (!l) { l = []; ee._events.set(type, l); } return l; }
p.on = p.addListener = function (type, fn) { list(this, type).push(fn); return this; };
p.prependListener = function (type, fn) { list(this, type).unshift(fn); return this; };
p.once = function (type, fn) { var self = this; function once() { self.removeListener(type, once); return fn.apply(self, arguments); } once.listener = fn; return this.on(type, once); };
p.removeListener = p.off = function (type, fn) { var l = list(this, type); var i = l.findIndex(function (f) { return f === fn || f.listener === fn; }); if (i >= 0) l.splice(i, 1); return this; };
p.removeAllListeners = function (type) { if (!this._events) return this; if (type === undefined) this._events.clear(); else this._events.delete(type); return this; };
p.listeners = function (type) { return list(this, type).map(function (f) { return f.listener || f; }); };
p.listenerCount = function (type) { return list(this, type).length; };
p.setMaxListeners = function () { return this; };
p.emit = function (type) { var l = list(this, type).slice(); var args = Array.prototype.slice.call(arguments, 1); if (type === 'error' && l.length === 0) throw args[0]; for (var i = 0; i < l.length; i++) l[i].apply(this, args); return l.length > 0; };
EventEmitter.listenerCount = function (ee, type) { return ee.listenerCount(type); };
EventEmitter.EventEmitter = EventEmitter;
module.exports = EventEmitter;
`;

/** pouchdb-browser (IndexedDB adapter + HTTP + replication) bundled for a page, exposing window.PouchDB. */
async function bundlePouchBrowser(): Promise<string> {
  const result = await build({
    stdin: { contents: "import PouchDB from 'pouchdb-browser'; globalThis.PouchDB = PouchDB;", resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    minify: true,
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'events-shim',
        setup(b) {
          b.onResolve({ filter: /^events$/ }, () => ({ path: 'events', namespace: 'shim' }));
          b.onLoad({ filter: /.*/, namespace: 'shim' }, () => ({ contents: EVENTS_SHIM, loader: 'js' }));
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}

export interface PouchReplication {
  seconds: number;
  docsWritten: number;
  docCount: number;
}

/**
 * In `page` (on the peer's origin), replicate the peer's database into a fresh IndexedDB-backed
 * PouchDB, timed from `PouchDB.replicate` to its `complete`, then delete the local database.
 */
export async function replicateInPage(page: Page, peer: PouchPeer, options: { batchSize: number; batchesLimit: number }): Promise<PouchReplication> {
  await page.goto(`${peer.url}/`);
  await page.waitForFunction('typeof window.PouchDB === "function"');
  return page.evaluate(
    async ({ remote, batchSize, batchesLimit }) => {
      type Local = { info(): Promise<{ doc_count: number }>; destroy(): Promise<void> };
      type BrowserPouch = { new (name: string): Local; replicate(from: string, to: Local, options: object): Promise<{ docs_written: number }> };
      const P = (globalThis as unknown as { PouchDB: BrowserPouch }).PouchDB;
      const local = new P(`peer-${Date.now()}`);
      const t0 = performance.now();
      const result = await P.replicate(remote, local, { batch_size: batchSize, batches_limit: batchesLimit });
      const seconds = (performance.now() - t0) / 1000;
      const info = await local.info();
      await local.destroy();
      return { seconds, docsWritten: result.docs_written, docCount: info.doc_count };
    },
    { remote: `${peer.url}/db/${peer.dbName}`, batchSize: options.batchSize, batchesLimit: options.batchesLimit },
  );
}
