#!/usr/bin/env node
// Content scripts load on every CRM and webmail page: each must stay within 12 KB gzip.
// Run after `wxt build` (npm run check:size). Exits 1 over budget or when the build output is missing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 12 * 1024;
const dir = process.argv[2] ?? join(process.cwd(), '.output', 'chrome-mv3', 'content-scripts');

if (!existsSync(dir)) {
  console.error(`check-size: ${relative(process.cwd(), dir) || dir} not found. Build first: npx wxt build`);
  process.exit(1);
}
const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
if (files.length === 0) {
  console.error(`check-size: no content script in ${relative(process.cwd(), dir)}. Build first: npx wxt build`);
  process.exit(1);
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
let over = 0;
for (const file of files.sort()) {
  const raw = readFileSync(join(dir, file));
  const gzip = gzipSync(raw, { level: 9 }).length;
  const ok = gzip <= BUDGET;
  if (!ok) over++;
  console.log(`${ok ? 'ok  ' : 'OVER'} content-scripts/${file}: ${kb(gzip)} gzip (${kb(raw.length)} raw), budget ${kb(BUDGET)}`);
}
if (over > 0) {
  console.error(`check-size: ${over} content script(s) over the ${kb(BUDGET)} gzip budget.`);
  process.exit(1);
}
