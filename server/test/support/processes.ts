import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from '../../src/config';

export interface ServerProcess {
  url: string;
  port: number;
  output: () => string;
  /** SIGTERM: a graceful shutdown. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies wherever it is, as in a crash or an OOM kill. */
  kill(): Promise<void>;
}

/** Spawn the real `server/src/main.ts` (through tsx) on a free port and wait until it listens. */
export async function spawnServer(env: Record<string, string>, script = 'server/src/main.ts'): Promise<ServerProcess> {
  const args = script.endsWith('.mjs') ? [script] : ['--import', 'tsx', script];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  child.on('exit', (code, signal) => (out += `\n[exited: ${signal ?? code}]\n`));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const signal = (name: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(name);
    });
  return { url, port: Number(new URL(url).port), output: () => out, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}

/** Run the admin CLI to completion; returns its stdout lines and exit code. */
export async function runAdmin(args: string[], env: Record<string, string>): Promise<{ code: number; lines: string[]; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/admin.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  return { code, lines: out.trim().split('\n'), stderr: err };
}
