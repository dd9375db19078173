#!/usr/bin/env node
// Content scripts load on every CRM and webmail page: each must stay within 12 KB gzip, in every
// browser's build. Run after `wxt build` and `wxt build -b firefox` (npm run check:size), or pass
// the content-scripts folders to check. Exits 1 over budget or when a build output is missing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 12 * 1024;
const BUILDS = ['chrome-mv3', 'firefox-mv3'];
const dirs = process.argv.length > 2 ? process.argv.slice(2) : BUILDS.map((b) => join(process.cwd(), '.output', b, 'content-scripts'));

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const shown = (path) => relative(process.cwd(), path) || path;
let over = 0;
for (const dir of dirs) {
  if (!existsSync(dir)) {
    console.error(`check-size: ${shown(dir)} not found. Build first: npx wxt build (and npx wxt build -b firefox)`);
    process.exit(1);
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  if (files.length === 0) {
    console.error(`check-size: no content script in ${shown(dir)}. Build first: npx wxt build`);
    process.exit(1);
  }
  for (const file of files.sort()) {
    const raw = readFileSync(join(dir, file));
    const gzip = gzipSync(raw, { level: 9 }).length;
    const ok = gzip <= BUDGET;
    if (!ok) over++;
    console.log(`${ok ? 'ok  ' : 'OVER'} ${shown(join(dir, file))}: ${kb(gzip)} gzip (${kb(raw.length)} raw), budget ${kb(BUDGET)}`);
  }
}
if (over > 0) {
  console.error(`check-size: ${over} content script(s) over the ${kb(BUDGET)} gzip budget.`);
  process.exit(1);
}
