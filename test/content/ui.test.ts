import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeDrawerContext } from '../../lib/adapters/drawer-context';
import type { PageContext } from '../../lib/adapters/page-context';
import { originOf } from '../../lib/content/drawer';
import { createShadowHost } from '../../lib/content/shadow-host';
import { UI_CSS } from '../../lib/content/styles';
import { createPageUi, type PageUiOptions } from '../../lib/content/ui';
import type { BadgeInfo } from '../../lib/messages';

// A data: URL because happy-dom can't load chrome-extension:// frames (and logs about it); the
// extension origin the context is posted to is checked through originOf below.
const SIDEBAR = 'data:text/html,sidebar';
const page: PageContext = {
  site: 'gmail',
  kind: 'email-thread',
  emails: ['taro@acme.example'],
  name: 'Taro Yamada',
  message: { subject: '<img src=x onerror=alert(1)>', from: 'taro@acme.example' },
};
const known: BadgeInfo = { state: 'known', leadId: 'lead-1', grade: 'A2', mqlReady: false, pendingHandoff: false };

function setup(options: Partial<PageUiOptions> = {}) {
  const container = document.createElement('div');
  document.body.append(container);
  const onToggle = vi.fn();
  const ui = createPageUi(container, { sidebarUrl: SIDEBAR, lang: 'en', onToggle, ...options });
  const button = container.querySelector('button')!;
  const drawer = container.querySelector<HTMLElement>('.drawer')!;
  return { ui, container, button, drawer, onToggle, frame: () => container.querySelector('iframe') };
}

beforeEach(() => {
  document.body.replaceChildren();
});

describe('badge', () => {
  it('shows the grade of a known lead, coloured by its fit letter, with an accessible name', () => {
    const { ui, button } = setup();
    ui.update(page, known);
    expect(button.hidden).toBe(false);
    expect(button.textContent).toBe('A2');
    expect(button.dataset.fit).toBe('A');
    expect(button.getAttribute('aria-label')).toBe('Aun: lead grade A2 — open sidebar');
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('mentions MQL readiness and a pending handoff', () => {
    const { ui, button } = setup();
    ui.update(page, { ...known, grade: 'B1', mqlReady: true, pendingHandoff: true });
    expect(button.getAttribute('aria-label')).toBe('Aun: lead grade B1 (MQL ready, handoff pending) — open sidebar');
  });

  it('shows a neutral + for a person who is not a lead yet', () => {
    const { ui, button } = setup();
    ui.update(page, { state: 'unknown', email: 'taro@acme.example' });
    expect(button.textContent).toBe('+');
    expect(button.getAttribute('aria-label')).toBe('Aun: taro@acme.example is not a lead yet — open sidebar');
  });

  it('shows nothing without a person', () => {
    const { ui, button } = setup();
    ui.update(page, known);
    ui.update(null, { state: 'none' });
    expect(button.hidden).toBe(true);
  });

  it('speaks Japanese', () => {
    const { ui, button } = setup({ lang: 'ja' });
    ui.update(page, known);
    expect(button.getAttribute('aria-label')).toBe('Aun: リードグレード A2 — サイドバーを開く');
  });

  it('keeps hostile page text as text', () => {
    const { ui, container, button } = setup();
    const email = '"><img src=x onerror=alert(1)>@evil.example';
    ui.update(page, { state: 'unknown', email });
    expect(button.getAttribute('aria-label')).toContain(email);
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('drawer', () => {
  it('opens the sidebar with the page context in the hash, and the button closes it again', async () => {
    const user = userEvent.setup();
    const { ui, button, drawer, frame, onToggle } = setup();
    ui.update(page, known);
    await user.click(button);

    expect(drawer.hidden).toBe(false);
    expect(frame()!.src.startsWith(`${SIDEBAR}#ctx=`)).toBe(true);
    expect(decodeDrawerContext(new URL(frame()!.src).hash)).toEqual(page);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-label')).toBe('Aun: lead grade A2 — close sidebar');
    expect(onToggle).toHaveBeenLastCalledWith(true);

    await user.click(button);
    expect(drawer.hidden).toBe(true);
    expect(onToggle).toHaveBeenLastCalledWith(false);
  });

  it('closes on Esc from the drawer host and gives focus back to the badge', async () => {
    const user = userEvent.setup();
    const { ui, button, drawer } = setup();
    ui.update(page, known);
    await user.click(button);
    await user.keyboard('{Escape}');
    expect(drawer.hidden).toBe(true);
    expect(document.activeElement).toBe(button);
  });

  it('is reachable by keyboard: the badge toggles it with Enter', async () => {
    const user = userEvent.setup();
    const { ui, button, drawer } = setup();
    ui.update(page, known);
    button.focus();
    await user.keyboard('{Enter}');
    expect(drawer.hidden).toBe(false);
  });

  it('posts a re-detected context to the sidebar, targeted at the extension origin', async () => {
    expect(originOf('chrome-extension://abcdefghijklmnop/sidebar.html')).toBe('chrome-extension://abcdefghijklmnop');
    expect(originOf('moz-extension://0b1c-2d3e/sidebar.html')).toBe('moz-extension://0b1c-2d3e');
    // (happy-dom logs that it can't load this frame; expected.)
    const { ui, frame } = setup({ sidebarUrl: 'chrome-extension://abcdefghijklmnop/sidebar.html' });
    ui.update(page, known);
    ui.open();
    const post = vi.spyOn(frame()!.contentWindow!, 'postMessage');
    const next = { ...page, emails: ['hanako@acme.example'] };
    ui.update(next, { state: 'unknown', email: 'hanako@acme.example' });
    expect(post).toHaveBeenCalledWith({ type: 'aun:context', ctx: next }, 'chrome-extension://abcdefghijklmnop');
  });

  it('hides on a page without a person and comes back with the next one', () => {
    const { ui, drawer, button } = setup();
    ui.update(page, known);
    ui.open();
    ui.update(null, { state: 'none' });
    expect(drawer.hidden).toBe(true);
    expect(button.hidden).toBe(true);
    ui.update(page, known);
    expect(drawer.hidden).toBe(false);
  });

  it('a remembered open state opens it as soon as there is a person', () => {
    const { ui, drawer } = setup();
    ui.open();
    expect(drawer.hidden).toBe(true);
    ui.update(page, known);
    expect(drawer.hidden).toBe(false);
  });

  it('closes when its own frame asks, not when the page does', () => {
    const { ui, drawer, frame } = setup();
    ui.update(page, known);
    ui.open();
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'aun:close' }, source: window }));
    expect(drawer.hidden).toBe(false);
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'aun:close' }, source: frame()!.contentWindow }));
    expect(drawer.hidden).toBe(true);
  });

  it('preloads the sidebar in the hidden drawer once a person shows, so opening only shows it', async () => {
    const user = userEvent.setup();
    const { ui, button, drawer, frame, container } = setup({ preload: true });
    ui.update(null, { state: 'none' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(frame()).toBeNull(); // no person, nothing to load

    ui.update(page, known);
    await vi.waitFor(() => expect(frame()).not.toBeNull());
    expect(drawer.hidden).toBe(true);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(decodeDrawerContext(new URL(frame()!.src).hash)).toEqual(page);

    // The hidden sidebar follows the page, and the click shows that same frame.
    const post = vi.spyOn(frame()!.contentWindow!, 'postMessage');
    const next = { ...page, emails: ['hanako@acme.example'] };
    ui.update(next, { state: 'unknown', email: 'hanako@acme.example' });
    expect(post).toHaveBeenLastCalledWith({ type: 'aun:context', ctx: next }, expect.any(String));
    const preloaded = frame();
    await user.click(button);
    expect(drawer.hidden).toBe(false);
    expect(container.querySelectorAll('iframe')).toHaveLength(1);
    expect(frame()).toBe(preloaded);
  });

  it('is removed completely on destroy', () => {
    const { ui, container } = setup();
    ui.update(page, known);
    ui.destroy();
    expect(container.childElementCount).toBe(0);
  });
});

describe('shadow host', () => {
  it('keeps key events inside, so page shortcuts never see them', () => {
    const pageHandler = vi.fn();
    document.addEventListener('keydown', pageHandler);
    const host = createShadowHost(document, 'aun-page-ui', UI_CSS);
    const input = document.createElement('input');
    host.container.append(input);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'c', bubbles: true, composed: true }));
    expect(pageHandler).not.toHaveBeenCalled();
    expect(host.host.shadowRoot).toBeNull(); // closed
    host.remove();
    expect(document.querySelector('aun-page-ui')).toBeNull();
    document.removeEventListener('keydown', pageHandler);
  });
});
