import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DATA_CHANGED } from '../../lib/content/messages-from-background';
import { LIVE_SYNC_MS } from '../../lib/ui/live-sync';
import { REFRESH_MS } from '../../lib/ui/queries';
import { focusManager } from '@tanstack/react-query';
import { crmContext, FakeBackground, makeHandoff, makeLead, userById } from './fake-background';
import { renderSidebar } from './render';

vi.mock('../../lib/messages', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/messages')>()), call: vi.fn() }));

const EMAIL = 'taro.yamada@acme.co.jp';

/** A controllable IntersectionObserver: the drawer's frame is hidden (display: none) when the drawer closes. */
class FakeIntersectionObserver {
  static all: FakeIntersectionObserver[] = [];
  static visible = true;
  constructor(private readonly callback: (entries: Array<{ isIntersecting: boolean }>) => void) {
    FakeIntersectionObserver.all.push(this);
  }
  /** Like the real one, reports the current state once right after observe(). */
  observe() {
    queueMicrotask(() => this.callback([{ isIntersecting: FakeIntersectionObserver.visible }]));
  }
  disconnect() {
    FakeIntersectionObserver.all = FakeIntersectionObserver.all.filter((o) => o !== this);
  }
  static show(isIntersecting: boolean) {
    FakeIntersectionObserver.visible = isIntersecting;
    for (const o of FakeIntersectionObserver.all) o.callback([{ isIntersecting }]);
  }
}

function setTabVisible(visible: boolean) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (visible ? 'visible' : 'hidden') });
  document.dispatchEvent(new Event('visibilitychange'));
}

const liveSyncs = (fb: FakeBackground) => fb.requestsOf('syncNow').filter((r) => (r as { reason: string }).reason === 'live').length;

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  FakeIntersectionObserver.visible = true;
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  setTabVisible(true);
  focusManager.setFocused(undefined);
  fakeBrowser.reset();
});

describe('an open sidebar stays fresh', () => {
  it('syncs once on open, after its first read of the lead, so the sync does not delay what is painted first', async () => {
    const fb = new FakeBackground({ leads: [makeLead(EMAIL)] });
    renderSidebar(fb, 'en', crmContext(EMAIL));
    await screen.findByRole('heading', { name: '山田 太郎' });
    await waitFor(() => expect(fb.requestsOf('syncNow')).toEqual([{ reason: 'sidebar' }]));
    const names = fb.requests.map((r) => r.name);
    expect(names.indexOf('getLeadContext')).toBeLessThan(names.indexOf('syncNow'));
  });

  it('while on screen, asks for a live sync every few seconds; a hidden tab or a closed drawer stops it, showing again resumes', async () => {
    const fb = new FakeBackground({ leads: [makeLead(EMAIL)] });
    renderSidebar(fb, 'en', crmContext(EMAIL));
    await screen.findByRole('heading', { name: '山田 太郎' });
    await act(() => vi.advanceTimersByTimeAsync(LIVE_SYNC_MS));
    expect(liveSyncs(fb)).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(LIVE_SYNC_MS));
    expect(liveSyncs(fb)).toBe(2);

    act(() => setTabVisible(false));
    await act(() => vi.advanceTimersByTimeAsync(5 * LIVE_SYNC_MS));
    expect(liveSyncs(fb)).toBe(2);
    act(() => setTabVisible(true));
    await act(() => vi.advanceTimersByTimeAsync(LIVE_SYNC_MS));
    expect(liveSyncs(fb)).toBe(3);

    act(() => FakeIntersectionObserver.show(false)); // the drawer was closed
    await act(() => vi.advanceTimersByTimeAsync(5 * LIVE_SYNC_MS));
    expect(liveSyncs(fb)).toBe(3);
    act(() => FakeIntersectionObserver.show(true));
    await act(() => vi.advanceTimersByTimeAsync(LIVE_SYNC_MS));
    expect(liveSyncs(fb)).toBe(4);
  });

  it('preloaded in the hidden drawer, reads the lead once and asks nothing more until it is shown', async () => {
    FakeIntersectionObserver.visible = false;
    const fb = new FakeBackground({ leads: [makeLead(EMAIL)] });
    renderSidebar(fb, 'en', crmContext(EMAIL));
    await screen.findByRole('heading', { name: '山田 太郎' });
    const reads = () => fb.requestsOf('getLeadContext').length + fb.requestsOf('getSyncStatus').length;
    const before = reads();
    await act(() => vi.advanceTimersByTimeAsync(5 * REFRESH_MS));
    expect(fb.requestsOf('syncNow')).toEqual([]);
    expect(reads()).toBe(before); // no 15 s re-reads while hidden: the worker may sleep

    act(() => FakeIntersectionObserver.show(true)); // the badge was clicked
    await waitFor(() => expect(fb.requestsOf('syncNow')).toEqual([{ reason: 'sidebar' }]));
    await waitFor(() => expect(fb.requestsOf('getLeadContext').length).toBeGreaterThan(1)); // shown: re-read at once
    await act(() => vi.advanceTimersByTimeAsync(LIVE_SYNC_MS));
    expect(liveSyncs(fb)).toBe(1);
  });

  it('without a person on the page, syncs on open but does not keep asking', async () => {
    const fb = new FakeBackground();
    renderSidebar(fb, 'en', null);
    await waitFor(() => expect(fb.requestsOf('syncNow')).toEqual([{ reason: 'sidebar' }]));
    await act(() => vi.advanceTimersByTimeAsync(5 * LIVE_SYNC_MS));
    expect(liveSyncs(fb)).toBe(0);
  });

  it('a decision made elsewhere shows as soon as the background says synced data changed, not at the next refresh', async () => {
    const lead = makeLead(EMAIL);
    const fb = new FakeBackground({ me: userById('u-marketer'), leads: [lead], handoffs: [makeHandoff(lead.id)] });
    renderSidebar(fb, 'en', crmContext(EMAIL));
    await screen.findByRole('heading', { name: '山田 太郎' });
    await waitFor(() => expect(fb.requestsOf('syncNow')).toHaveLength(1));
    expect(screen.queryByText('Rejected')).toBeNull();

    // A sync brought the rep's rejection into the replica.
    fb.handoffs = [makeHandoff(lead.id, { status: 'rejected', decision: { kind: 'reject', reasonCode: 'no_budget', by: 'u-sales', at: new Date().toISOString() } })];
    const reads = fb.requestsOf('getLeadContext').length;
    await act(() => fakeBrowser.runtime.sendMessage({ type: DATA_CHANGED }));
    expect(await screen.findByText('Rejected', undefined, { timeout: 1000 })).toBeTruthy(); // well before the 15 s refresh
    expect(fb.requestsOf('getLeadContext').length).toBe(reads + 1);
  });
});
