import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { vi } from 'vitest';
import { call } from '../../lib/messages';
import { SidebarApp } from '../../components/sidebar/SidebarApp';
import { OptionsApp } from '../../components/options/OptionsApp';
import type { PageContext } from '../../lib/adapters/page-context';
import { makeT, type Locale } from '../../lib/i18n';
import type { FakeBackground } from './fake-background';

export const LANGS: Locale[] = ['en', 'ja'];

/** Route the mocked `call` (vi.mock of lib/messages in the test file) to the fake background. */
export function connect(fb: FakeBackground, locale: Locale): void {
  fb.settings.language = locale;
  vi.mocked(call).mockImplementation(((name: never, data: never) => fb.handle(name, data)) as typeof call);
}

function testClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 0 } } });
}

export function renderSidebar(fb: FakeBackground, locale: Locale, ctx: PageContext | null) {
  connect(fb, locale);
  const user = userEvent.setup();
  const utils = render(<SidebarApp queryClient={testClient()} context={ctx} />);
  return { user, t: makeT(locale), ...utils };
}

export function renderOptions(fb: FakeBackground, locale: Locale) {
  connect(fb, locale);
  const user = userEvent.setup();
  const utils = render(<OptionsApp queryClient={testClient()} />);
  return { user, t: makeT(locale), ...utils };
}
