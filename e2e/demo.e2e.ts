import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './support/chromium';

/**
 * `npm run demo` headless, into a temporary folder: it must finish and write every screenshot the
 * README shows, each a real picture, so the README cannot point at a shot the demo no longer takes.
 */

const README_SHOTS = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/docs\/screenshots\/([\w-]+\.png)/g)].map((m) => m[1]!);
const DOCS_SHOTS = join(ROOT, 'docs/screenshots');

let outDir: string;
let docsBefore: Record<string, number>;

const mtimes = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]));

/** Width and height from a PNG's IHDR chunk; throws if the file is not a PNG. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex'), `${file} is a PNG`).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

beforeAll(() => {
  ensureBuilt();
  outDir = mkdtempSync(join(tmpdir(), 'aun-e2e-demo-'));
  docsBefore = mtimes(DOCS_SHOTS);
});

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('runs headless to the end and writes each screenshot the README shows', { timeout: 600_000 }, async () => {
    expect(README_SHOTS.length).toBeGreaterThanOrEqual(6);
    const env = { ...process.env, AUN_DEMO_OUT: outDir, AUN_DEMO_HEADLESS: '1', AUN_SKIP_BUILD: '1' };
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = execFile(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/demo.ts'], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
      );
      child.stdin?.end();
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`Screenshots written to ${outDir}`);

    for (const name of README_SHOTS) {
      const file = join(outDir, name);
      const { width, height } = pngSize(file);
      expect(width, name).toBeGreaterThanOrEqual(400);
      expect(height, name).toBeGreaterThanOrEqual(600);
      // A blank or nearly blank page compresses to a few KB; every real shot is well above that.
      expect(statSync(file).size, name).toBeGreaterThan(15_000);
    }
    // AUN_DEMO_OUT was honoured: the committed screenshots were not touched.
    expect(mtimes(DOCS_SHOTS)).toEqual(docsBefore);
  });
});
