import { useEffect, useId, useState, type FormEvent } from 'react';
import { SITES, type Site } from '../../lib/adapters/sites';
import { addCustomHost, CustomHostError, loadCustomHosts, removeCustomHost, type CustomHost, type CustomHostProblem } from '../../lib/custom-hosts';

// A local dictionary: these strings live only here (the shared one is someone else's file).
const STRINGS = {
  en: {
    title: 'Custom CRM hosts',
    intro: 'Show Aun on another CRM, or on your own domain. Aun asks the browser for access to that host only.',
    pattern: 'Host',
    patternHint: 'e.g. crm.example.co.jp or https://*.my-crm.example/*',
    adapter: 'Read the page as',
    selector: 'CSS selector of the email (optional)',
    selectorHint: 'Without one, Aun reads the page’s mailto: links.',
    add: 'Add host',
    adding: 'Adding…',
    remove: (p: string) => `Remove ${p}`,
    removeLabel: 'Remove',
    none: 'No custom hosts yet.',
    generic: 'Generic (mailto links or a selector)',
    loadFailed: 'The custom hosts could not be loaded.',
    problems: {
      'not-http': 'Only http:// and https:// hosts can be added.',
      'too-broad': 'That pattern covers every site. Give one host, or one domain with *.',
      invalid: 'That is not a host pattern. Try crm.example.co.jp.',
      'known-site': 'Aun already works on that site.',
      duplicate: 'That host is already in the list.',
      'bad-selector': 'That CSS selector is not valid.',
      'permission-denied': 'The browser did not grant access to that host.',
      failed: 'The host could not be added.',
    } satisfies Record<CustomHostProblem | 'failed', string>,
  },
  ja: {
    title: 'カスタム CRM ホスト',
    intro: '他の CRM や自社ドメインでも Aun を表示します。ブラウザーにはそのホストへのアクセスだけを求めます。',
    pattern: 'ホスト',
    patternHint: '例: crm.example.co.jp、https://*.my-crm.example/*',
    adapter: 'ページの読み取り方',
    selector: 'メールアドレスの CSS セレクター（任意）',
    selectorHint: '指定しない場合はページの mailto: リンクを読み取ります。',
    add: 'ホストを追加',
    adding: '追加中…',
    remove: (p: string) => `${p} を削除`,
    removeLabel: '削除',
    none: 'カスタムホストはまだありません。',
    generic: '汎用（mailto リンクまたはセレクター）',
    loadFailed: 'カスタムホストを読み込めませんでした。',
    problems: {
      'not-http': 'http:// と https:// のホストだけを追加できます。',
      'too-broad': 'そのパターンはすべてのサイトに当てはまります。ホストを 1 つ、または * 付きのドメインを 1 つ指定してください。',
      invalid: 'ホストのパターンではありません。例: crm.example.co.jp',
      'known-site': 'そのサイトでは Aun はすでに動作します。',
      duplicate: 'そのホストはすでに一覧にあります。',
      'bad-selector': 'CSS セレクターが正しくありません。',
      'permission-denied': 'ブラウザーがそのホストへのアクセスを許可しませんでした。',
      failed: 'ホストを追加できませんでした。',
    } satisfies Record<CustomHostProblem | 'failed', string>,
  },
};

const SITE_NAMES: Record<Exclude<Site, 'generic'>, string> = {
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  pipedrive: 'Pipedrive',
  zoho: 'Zoho CRM',
  dynamics: 'Dynamics 365',
  gmail: 'Gmail',
  outlook: 'Outlook',
};

function pageLang(): 'en' | 'ja' {
  const lang = document.documentElement.lang || navigator.language;
  return lang.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function CustomHostsSection({ lang }: { lang?: 'en' | 'ja' }) {
  const s = STRINGS[lang ?? pageLang()];
  const id = useId();
  const [hosts, setHosts] = useState<CustomHost[] | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [pattern, setPattern] = useState('');
  const [adapter, setAdapter] = useState<Site>('generic');
  const [selector, setSelector] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadCustomHosts().then(setHosts, () => setLoadFailed(true));
  }, []);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      // First await inside: the permission prompt needs the click's user gesture.
      const host = await addCustomHost({ pattern, adapter, selector });
      setHosts((list) => [...(list ?? []), host]);
      setPattern('');
      setSelector('');
    } catch (e) {
      setError(s.problems[e instanceof CustomHostError ? e.code : 'failed']);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (host: CustomHost) => {
    setError(null);
    try {
      await removeCustomHost(host.id);
      setHosts((list) => (list ?? []).filter((h) => h.id !== host.id));
    } catch {
      setError(s.problems.failed);
    }
  };

  const adapterName = (site: Site) => (site === 'generic' ? s.generic : SITE_NAMES[site]);

  return (
    <section className="aun-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{s.title}</h2>
      <p className="aun-muted">{s.intro}</p>

      {loadFailed ? (
        <p role="alert" className="aun-error">
          {s.loadFailed}
        </p>
      ) : hosts && hosts.length === 0 ? (
        <p className="aun-muted">{s.none}</p>
      ) : (
        <ul aria-label={s.title}>
          {(hosts ?? []).map((host) => (
            <li key={host.id}>
              <code>{host.pattern}</code> — {adapterName(host.adapter)}
              {host.selector ? (
                <>
                  {' '}
                  <code>{host.selector}</code>
                </>
              ) : null}{' '}
              <button type="button" className="aun-button aun-button-danger" aria-label={s.remove(host.pattern)} onClick={() => void remove(host)}>
                {s.removeLabel}
              </button>
            </li>
          ))}
        </ul>
      )}

      <form onSubmit={(e) => void add(e)} noValidate>
        <label className="aun-field" htmlFor={`${id}-pattern`}>
          <span>{s.pattern}</span>
        </label>
        <input
          id={`${id}-pattern`}
          value={pattern}
          onChange={(e) => setPattern(e.currentTarget.value)}
          placeholder="crm.example.co.jp"
          aria-describedby={`${id}-pattern-hint`}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <p id={`${id}-pattern-hint`} className="aun-muted">
          {s.patternHint}
        </p>

        <label className="aun-field" htmlFor={`${id}-adapter`}>
          <span>{s.adapter}</span>
        </label>
        <select id={`${id}-adapter`} value={adapter} onChange={(e) => setAdapter(e.currentTarget.value as Site)}>
          {SITES.map((site) => (
            <option key={site} value={site}>
              {adapterName(site)}
            </option>
          ))}
        </select>

        {adapter === 'generic' ? (
          <>
            <label className="aun-field" htmlFor={`${id}-selector`}>
              <span>{s.selector}</span>
            </label>
            <input
              id={`${id}-selector`}
              value={selector}
              onChange={(e) => setSelector(e.currentTarget.value)}
              placeholder=".contact-email"
              aria-describedby={`${id}-selector-hint`}
              autoComplete="off"
              spellCheck={false}
            />
            <p id={`${id}-selector-hint`} className="aun-muted">
              {s.selectorHint}
            </p>
          </>
        ) : null}

        {error ? (
          <p role="alert" className="aun-error">
            {error}
          </p>
        ) : null}
        <div className="aun-button-row">
          <button type="submit" className="aun-button aun-button-primary" disabled={busy || pattern.trim() === ''}>
            {busy ? s.adding : s.add}
          </button>
        </div>
      </form>
    </section>
  );
}
