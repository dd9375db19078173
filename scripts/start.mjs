#!/usr/bin/env node
// `npm start`: build the extension (skip with AUN_SKIP_BUILD=1), then run the sync server on
// embedded storage (./data, or AUN_DATA_DIR; DATABASE_URL switches to PostgreSQL). On a new
// database the server prints an admin token once; this script prints the folder to load unpacked.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const extensionDir = resolve(root, '.output/chrome-mv3');
const manifest = resolve(extensionDir, 'manifest.json');

function buildExtension() {
  if (process.env.AUN_SKIP_BUILD === '1') {
    console.log('Skipping the extension build (AUN_SKIP_BUILD=1).');
    return;
  }
  console.log('Building the extension (npx wxt build)…');
  const build = spawnSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status === 0) return;
  // The server is still useful without a fresh build: say so and carry on.
  console.warn(
    existsSync(manifest)
      ? '\nThe extension build failed; the previous build in .output/chrome-mv3 is left as it was.\n'
      : '\nThe extension build failed and there is no previous build; starting the server anyway.\n',
  );
}

function printLoadUnpacked() {
  console.log('');
  if (existsSync(manifest)) {
    console.log('Load the extension unpacked (chrome://extensions → Developer mode → Load unpacked):');
    console.log(`  ${extensionDir}`);
  } else {
    console.log(`No extension build yet; after "npm run build" load unpacked: ${extensionDir}`);
  }
  console.log('Press Ctrl+C to stop.');
}

buildExtension();
const server = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'server/src/main.ts')], {
  cwd: root,
  env: process.env,
  stdio: ['inherit', 'pipe', 'inherit'],
});
let announced = false;
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!announced && /listening on /.test(chunk.toString())) {
    announced = true;
    printLoadUnpacked();
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
