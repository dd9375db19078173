import { describe, expect, it } from 'vitest';
import { detect, threadIdOf } from '../../lib/adapters/gmail';
import { fixtureHtml, loadFixture } from '../fixtures/load';
import { expectValid } from './expect-context';

const THREAD = new URL('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmwnjZhZrWqfTnJvqrfm');
const INBOX = new URL('https://mail.google.com/mail/u/0/#inbox');

describe('gmail', () => {
  it('lists every sender of the open thread in order, without the user and without hidden earlier views', () => {
    const ctx = expectValid(detect(THREAD, loadFixture('gmail/thread.html')));
    expect(ctx).toEqual({
      site: 'gmail',
      kind: 'email-thread',
      emails: ['taro@acme.example', 'hanako@acme.example'],
      name: 'Taro Yamada',
      message: {
        subject: '<img src=x onerror=alert(1)> Quote request',
        from: 'hanako@acme.example',
        date: 'Wed, Jan 10, 2024, 9:30 AM',
        threadId: 'FMfcgzQXJWDsKmwnjZhZrWqfTnJvqrfm',
      },
    });
  });

  it('keeps a hostile subject as plain text', () => {
    const doc = loadFixture('gmail/thread.html');
    const ctx = detect(THREAD, doc)!;
    expect(ctx.message?.subject).toContain('<img src=x onerror=alert(1)>');
    // Reading it created no element: the subject was text in the page and stays text.
    expect(doc.querySelectorAll('img[src="x"]')).toHaveLength(0);
  });

  it('finds no person in the inbox list', () => {
    expect(detect(INBOX, loadFixture('gmail/inbox.html'))).toBeNull();
  });

  it('finds the thread once it opens after navigation', () => {
    const doc = loadFixture('gmail/inbox.html');
    expect(detect(THREAD, doc)).toBeNull();
    // Gmail hides the list and appends the thread view.
    (doc.querySelector('#list') as HTMLElement).style.display = 'none';
    const thread = new DOMParser().parseFromString(fixtureHtml('gmail/split-pane.html'), 'text/html').querySelector('#reading-pane')!;
    doc.querySelector('#main')!.append(doc.importNode(thread, true));
    expect(detect(THREAD, doc)).toMatchObject({ emails: ['taro@acme.example'], message: { subject: 'Quote request' } });
  });

  it('reads the reading pane in split mode (#inbox), not the list beside it', () => {
    const ctx = expectValid(detect(INBOX, loadFixture('gmail/split-pane.html')));
    expect(ctx.emails).toEqual(['taro@acme.example']);
    // No thread id in the URL: Gmail's own id from the subject.
    expect(ctx.message?.threadId).toBe('18c2f5e1a2b3c4d5');
  });

  it('falls back to the recipients of a thread only the user wrote to', () => {
    const ctx = detect(new URL('https://mail.google.com/mail/u/0/#sent/18c2f5e1a2b3c4d6'), loadFixture('gmail/sent-thread.html'));
    expect(ctx).toMatchObject({ emails: ['jiro@beta.example'], name: 'Jiro Sato', message: { from: 'me@our.example' } });
  });

  it('takes the thread id from the last hash segment only when it looks like one', () => {
    expect(threadIdOf(new URL('https://mail.google.com/mail/u/1/#label/Clients%2FAcme/FMfcgzQXJWDsKmwnjZhZrWqfTnJvqrfm'))).toBe(
      'FMfcgzQXJWDsKmwnjZhZrWqfTnJvqrfm',
    );
    expect(threadIdOf(INBOX)).toBeUndefined();
    expect(threadIdOf(new URL('https://mail.google.com/mail/u/0/#label/Clients'))).toBeUndefined();
  });
});
