import { readFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';
import type { Profile } from '../../e2e/support/chromium';

/**
 * Samples the extension service worker's memory while something runs:
 * - its V8 JS heap in use (`Runtime.getHeapUsage().usedSize`, the worker's own isolate), through a
 *   browser-level CDP session attached to the worker target. Playwright has no CDP session for a
 *   worker, so the attach is non-flattened and messages go through Target.sendMessageToTarget.
 * - the resident set (VmRSS) of the extension's renderer process (the one started with
 *   --extension-process, which hosts the worker), read from /proc on Linux.
 */
export interface MemorySampler {
  stop(): Promise<MemoryPeaks>;
}

export interface MemoryPeaks {
  /** Peak V8 heap used by the worker's isolate, in bytes. */
  jsHeapUsed: number;
  /** Peak V8 heap used plus Blink's (embedder) heap, in bytes. */
  jsAndEmbedderHeap: number;
  /** Peak resident set of the extension renderer process, in bytes (0 when not found). */
  processRss: number;
  samples: number;
}

export async function sampleWorkerMemory(profile: Profile, intervalMs = 250): Promise<MemorySampler> {
  const browser = profile.context.browser();
  if (!browser) throw new Error('no browser for this context: cannot open a browser CDP session');
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${profile.extensionId}/`));
  if (!target) throw new Error('the extension service worker target was not found');
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
  const rpc = workerRpc(cdp, sessionId);
  const rendererPid = await extensionRendererPid(cdp);

  const peaks: MemoryPeaks = { jsHeapUsed: 0, jsAndEmbedderHeap: 0, processRss: 0, samples: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const usage = (await rpc('Runtime.getHeapUsage').catch(() => null)) as { usedSize: number; embedderHeapUsedSize?: number } | null;
      if (usage) {
        peaks.jsHeapUsed = Math.max(peaks.jsHeapUsed, usage.usedSize);
        peaks.jsAndEmbedderHeap = Math.max(peaks.jsAndEmbedderHeap, usage.usedSize + (usage.embedderHeapUsedSize ?? 0));
        peaks.samples++;
      }
      if (rendererPid) peaks.processRss = Math.max(peaks.processRss, rssOf(rendererPid));
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await cdp.detach().catch(() => undefined);
      return peaks;
    },
  };
}

function workerRpc(cdp: CDPSession, sessionId: string): (method: string, params?: object) => Promise<unknown> {
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  cdp.on('Target.receivedMessageFromTarget' as never, (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    const call = message.id === undefined ? undefined : waiting.get(message.id);
    if (!call) return;
    waiting.delete(message.id!);
    if (message.error) call.reject(new Error(message.error.message));
    else call.resolve(message.result);
  });
  return (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      cdp.send('Target.sendMessageToTarget' as never, { sessionId, message: JSON.stringify({ id, method, params }) } as never).catch(reject);
    });
}

/** The pid of this browser's renderer that hosts extensions (Linux /proc; 0 elsewhere). */
async function extensionRendererPid(cdp: CDPSession): Promise<number> {
  try {
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
    for (const p of info.processInfo.filter((p) => p.type === 'renderer')) {
      const cmdline = readFileSync(`/proc/${p.id}/cmdline`, 'utf8');
      if (cmdline.includes('--extension-process')) return p.id;
    }
  } catch {
    // Not Linux, or the process list is not available: the heap figure still stands.
  }
  return 0;
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
