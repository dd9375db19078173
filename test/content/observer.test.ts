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
  it('re-detects after DOM changes, at most once per delay, and reports only changes', async () => {
    const ctx = fakeContext();
    let current: PageContext | null = null;
    const detect = vi.fn(() => current);
    const onChange = vi.fn();
    const watcher = watchPage({ ctx, detect, onChange });

    watcher.check();
    expect(onChange).not.toHaveBeenCalled(); // nothing on the page, nothing to report

    current = person('taro@acme.example');
    for (let i = 0; i < 5; i++) document.getElementById('app')!.append(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(0);
    expect(detect).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(detect).toHaveBeenCalledTimes(2); // five mutations, one detection
    expect(onChange).toHaveBeenCalledWith(current);

    // The same person again: detected, not reported.
    document.getElementById('app')!.append(document.createElement('span'));
    await vi.advanceTimersByTimeAsync(300);
    expect(detect).toHaveBeenCalledTimes(3);
    expect(onChange).toHaveBeenCalledTimes(1);

    current = null;
    document.getElementById('app')!.textContent = 'list';
    await vi.advanceTimersByTimeAsync(300);
    expect(onChange).toHaveBeenLastCalledWith(null);
  });

  it('keeps detecting on a page that never stops mutating (throttle, not debounce)', async () => {
    const ctx = fakeContext();
    const detect = vi.fn(() => null);
    watchPage({ ctx, detect, onChange: vi.fn() });
    for (let t = 0; t < 1000; t += 100) {
      document.body.append(document.createElement('i'));
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(detect.mock.calls.length).toBeGreaterThanOrEqual(3);
  });

  it('re-detects on SPA navigation', async () => {
    const ctx = fakeContext();
    const detect = vi.fn(() => person('a@x.example'));
    const onChange = vi.fn();
    watchPage({ ctx, detect, onChange });
    ctx.navigate();
    await vi.advanceTimersByTimeAsync(300);
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
