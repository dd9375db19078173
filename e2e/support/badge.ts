import type { Frame, Page } from 'playwright-core';

/**
 * The badge lives in a closed shadow root (page scripts must not read a lead's grade), which
 * Playwright's locators cannot enter. Tests reach it the way assistive technology does: through
 * the accessibility tree, by its accessible name "Aun: …".
 */

interface AXNode {
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
  ignored?: boolean;
}

export interface BadgeHandle {
  /** The accessible name, e.g. "Aun: lead grade A2 — open sidebar". */
  label: string;
  /** The grade shown (A1–D4), '+' for an unknown person. */
  text: string;
  click(): Promise<void>;
}

async function findBadge(page: Page): Promise<BadgeHandle | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    const node = nodes.find((n) => !n.ignored && n.role?.value === 'button' && n.name?.value?.startsWith('Aun'));
    if (!node?.backendDOMNodeId) return null;
    const backendNodeId = node.backendDOMNodeId;
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId })) as { object: { objectId: string } };
    // Label and text are read together from the element, in one call: the accessibility tree
    // snapshot above may be older than the element by the time we read it (the badge re-renders
    // when a lookup or sync lands), and a stale label with a fresh text is a false failure.
    const { result } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: "function () { return { text: this.textContent, label: this.getAttribute('aria-label') }; }",
      returnByValue: true,
    })) as { result: { value: { text: string | null; label: string | null } } };
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId })) as { model: { content: number[] } };
    const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
    return {
      label: result.value.label ?? node.name!.value!,
      text: (result.value.text ?? '').trim(),
      click: () => page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2),
    };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Wait until the badge shows `text` (a grade or '+'); returns it. */
export async function waitForBadge(page: Page, text: string | RegExp, timeoutMs = 15_000): Promise<BadgeHandle> {
  const deadline = Date.now() + timeoutMs;
  let last: BadgeHandle | null = null;
  while (Date.now() < deadline) {
    last = await findBadge(page);
    if (last && (typeof text === 'string' ? last.text === text : text.test(last.text))) return last;
    await page.waitForTimeout(150);
  }
  throw new Error(`badge never showed ${String(text)}; last seen: ${last ? `"${last.text}" (${last.label})` : 'no badge'}`);
}

/**
 * Assert the page ends up with no badge and keeps none (a page without a person, or a site Aun
 * ignores). Re-detection is debounced, so a badge that was there may take a moment to go.
 */
export async function expectNoBadge(page: Page, forMs = 2000, settleMs = 5000): Promise<void> {
  const settleBy = Date.now() + settleMs;
  let badge = await findBadge(page);
  while (badge && Date.now() < settleBy) {
    await page.waitForTimeout(150);
    badge = await findBadge(page);
  }
  const deadline = Date.now() + forMs;
  while (Date.now() < deadline) {
    if (badge) throw new Error(`expected no badge, found "${badge.text}" (${badge.label})`);
    await page.waitForTimeout(200);
    badge = await findBadge(page);
  }
}

/** The drawer's sidebar frame, once it has loaded. */
export async function drawerFrame(page: Page, timeoutMs = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => f.url().includes('/sidebar.html'));
    if (frame) {
      await frame.waitForLoadState('domcontentloaded');
      return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('the drawer did not open');
}

/** Open the drawer from the badge unless it is open already (its state is remembered per site). */
export async function openDrawer(page: Page, badge: BadgeHandle): Promise<Frame> {
  if (!/close sidebar|サイドバーを閉じる/.test(badge.label)) await badge.click();
  return drawerFrame(page);
}

/** Whether our content script put its UI host into the page at all. */
export function hasAunHost(page: Page): Promise<boolean> {
  return page.evaluate(() => document.querySelector('aun-page-ui') !== null);
}
