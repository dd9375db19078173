import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageContext } from '../../lib/adapters/page-context';
import { watchPage, type WatchContext } from '../../lib/content/observer';

function fakeContext() {
  const invalidated: Array<() => void> = [];
  const location: Array<() => void> = [];
  const ctx: WatchContext & { invalidate(): void; navigate(): void; valid: boolean } = {
    valid: true,
    get isValid() {
      return this.valid;
    },
    onInvalidated: (cb) => {
      invalidated.push(cb);
      return () => undefined;
    },
    addEventListener: (_target, _type, handler) => void location.push(handler),
    invalidate() {
      this.valid = false;
      invalidated.forEach((cb) => cb());
    },
    navigate: () => location.forEach((cb) => cb()),
  };
  return ctx;
}

const person = (email: string): PageContext => ({ site: 'generic', kind: 'crm-record', emails: [email] });

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = '<main id="app"></main>';
});
afterEach(() => vi.useRealTimers());

describe('watchPage', () => {
  it('re-detects after DOM changes, one detection per burst, and reports only changes', async () => {
    const ctx = fakeContext();
    let current: PageContext | null = null;
    const detect = vi.fn(() => current);
    const onChange = vi.fn();
    const watcher = watchPage({ ctx, detect, onChange });

    watcher.check();
    expect(onChange).not.toHaveBeenCalled(); // nothing on the page, nothing to report

    await vi.advanceTimersByTimeAsync(1000); // a quiet spell
    current = person('taro@acme.example');
    for (let i = 0; i < 5; i++) document.getElementById('app')!.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(0);
    expect(detect).toHaveBeenCalledTimes(2); // five mutations, one detection, in the next task
    expect(onChange).toHaveBeenCalledWith(current);

    // The same person again: detected, not reported.
    await vi.advanceTimersByTimeAsync(1000);
    document.getElementById('app')!.append(document.createElement('span'));
    await vi.advanceTimersByTimeAsync(0);
    expect(detect).toHaveBeenCalledTimes(3);
    expect(onChange).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(1000);
    current = null;
    document.getElementById('app')!.textContent = 'list';
    await vi.advanceTimersByTimeAsync(0);
    expect(onChange).toHaveBeenLastCalledWith(null);
  });

  it('detects a person appearing right after an earlier detection within the minimum gap', async () => {
    const ctx = fakeContext();
    let current: PageContext | null = null;
    const onChange = vi.fn();
    watchPage({ ctx, detect: () => current, onChange, minGapMs: 16 });
    document.body.append(document.createElement('header')); // e.g. the record's header
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(4);
    current = person('taro@acme.example'); // its email field, 4 ms later
    document.body.append(document.createElement('a'));
    await vi.advanceTimersByTimeAsync(11);
    expect(onChange).not.toHaveBeenCalled(); // still inside the gap
    await vi.advanceTimersByTimeAsync(1);
    expect(onChange).toHaveBeenCalledWith(current);
  });

  it('keeps detecting on a page that never stops mutating (throttle, not debounce), at most once per gap', async () => {
    const ctx = fakeContext();
    const detect = vi.fn(() => null);
    watchPage({ ctx, detect, onChange: vi.fn(), minGapMs: 16 });
    for (let t = 0; t < 1000; t += 4) {
      document.body.append(document.createElement('i'));
      await vi.advanceTimersByTimeAsync(4);
    }
    expect(detect.mock.calls.length).toBeGreaterThanOrEqual(50);
    expect(detect.mock.calls.length).toBeLessThanOrEqual(1000 / 16 + 1);
  });

  it('spaces detections out on a page where detecting is costly, to a bounded share of the main thread', async () => {
    const ctx = fakeContext();
    // Each detection takes 10 ms of (fake) time: at 5 % of the thread, one per 200 ms at most.
    const detect = vi.fn(() => {
      vi.advanceTimersByTime(10);
      return null;
    });
    watchPage({ ctx, detect, onChange: vi.fn(), minGapMs: 16, maxShare: 0.05 });
    for (let t = 0; t < 2000; t += 10) {
      document.body.append(document.createElement('i'));
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(detect.mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(detect.mock.calls.length).toBeLessThanOrEqual(11);
  });

  it('re-detects on SPA navigation', async () => {
    const ctx = fakeContext();
    const detect = vi.fn(() => person('a@x.example'));
    const onChange = vi.fn();
    watchPage({ ctx, detect, onChange });
    ctx.navigate();
    await vi.advanceTimersByTimeAsync(0);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('stops observing when the context is invalidated', async () => {
    const ctx = fakeContext();
    const detect = vi.fn(() => person('a@x.example'));
    watchPage({ ctx, detect, onChange: vi.fn() });
    document.body.append(document.createElement('div'));
    ctx.invalidate();
    await vi.advanceTimersByTimeAsync(1000);
    document.body.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(detect).not.toHaveBeenCalled();
  });
});
