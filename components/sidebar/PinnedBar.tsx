import { useT } from '../../lib/i18n';
import { followActiveTab } from '../../lib/ui/side-panel';

/**
 * In the side panel, a lead opened from the queue stays put while the user browses; this bar says
 * so and offers to go back to following whoever is on the active tab.
 */
export function PinnedBar({ win = window }: { win?: Window }) {
  const t = useT();
  const follow = async () => {
    await followActiveTab().catch(() => undefined);
    // Chrome reloads the panel on the new path; elsewhere, dropping the context is enough.
    win.location.hash = '';
  };
  return (
    <div className="aun-pinned" role="status">
      <span>{t('sidebar.pinned')}</span>
      <button type="button" className="aun-link" onClick={() => void follow()}>
        {t('sidebar.followTab')}
      </button>
    </div>
  );
}
