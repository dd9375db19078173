import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { PopupApp } from '../../components/popup/PopupApp';
import { makeT, type Locale } from '../../lib/i18n';
import type { FakeBackground } from '../sidebar/fake-background';
import { connect } from '../sidebar/render';

export function renderPopup(fb: FakeBackground, locale: Locale) {
  connect(fb, locale);
  const user = userEvent.setup();
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 0 } } });
  const utils = render(<PopupApp queryClient={client} />);
  return { user, t: makeT(locale), ...utils };
}
