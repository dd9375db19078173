import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/adapters/outlook';
import { loadFixture } from '../fixtures/load';
import { expectValid } from './expect-context';

const THREAD = new URL(
  'https://outlook.office.com/mail/inbox/id/AAQkADAwATM0MDAAMi1iNDg0LTEwMDItMDACLTAwCgAQAJ%2F8Yd1cPpxLhqJ8%2FXKHs6w%3D',
);

describe('outlook', () => {
  it('lists the senders of the conversation in the reading pane, not the message list, without the user', () => {
    const ctx = expectValid(detect(THREAD, loadFixture('outlook/thread.html')));
    expect(ctx).toEqual({
      site: 'outlook',
      kind: 'email-thread',
      emails: ['taro@acme.example', 'hanako@acme.example'],
      name: 'Taro Yamada',
      message: {
        subject: 'Quote request',
        from: 'hanako@acme.example',
        date: 'Wed 1/10/2024 9:30 AM',
        threadId: 'AAQkADAwATM0MDAAMi1iNDg0LTEwMDItMDACLTAwCgAQAJ/8Yd1cPpxLhqJ8/XKHs6w=',
      },
    });
  });

  it('finds no person while nothing is selected', () => {
    expect(detect(new URL('https://outlook.office.com/mail/'), loadFixture('outlook/inbox.html'))).toBeNull();
  });

  it('finds the message once the reading pane renders it', () => {
    const doc = loadFixture('outlook/inbox.html');
    expect(detect(THREAD, doc)).toBeNull();
    doc.querySelector('#ReadingPaneContainerId')!.innerHTML =
      '<div role="heading" aria-level="2">Lunch</div><span aria-label="From: Jiro Sato" title="jiro@beta.example">Jiro Sato</span>';
    expect(detect(THREAD, doc)).toMatchObject({ emails: ['jiro@beta.example'], name: 'Jiro Sato', message: { subject: 'Lunch' } });
  });

  it('keeps hostile text as text', () => {
    const doc = loadFixture('outlook/inbox.html');
    const pane = doc.querySelector('#ReadingPaneContainerId')!;
    pane.replaceChildren();
    const heading = doc.createElement('div');
    heading.setAttribute('role', 'heading');
    heading.textContent = '<img src=x onerror="alert(1)">';
    const from = doc.createElement('span');
    from.title = 'eve@evil.example';
    from.textContent = '<script>alert(1)</script>';
    pane.append(heading, from);
    const ctx = detect(THREAD, doc)!;
    expect(ctx.message?.subject).toBe('<img src=x onerror="alert(1)">');
    expect(ctx.name).toBe('<script>alert(1)</script>');
    expect(pane.querySelector('img, script')).toBeNull();
  });
});
