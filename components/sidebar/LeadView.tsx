import { useState } from 'react';
import type { PageContext } from '../../lib/adapters/page-context';
import type { Lead } from '../../lib/domain/lead';
import type { LeadContext } from '../../lib/messages';
import { call } from '../../lib/messages';
import { useT } from '../../lib/i18n';
import { permissions } from '../../lib/ui/people';
import { useInvalidateLeadData } from '../../lib/ui/queries';
import { ConflictBanner } from './ConflictBanner';
import { LeadHeader } from './LeadHeader';
import { GradeBadge } from './GradeBadge';
import { HandoffPanel } from './HandoffPanel';
import { OutcomeSection } from './OutcomeSection';
import { TouchTimeline } from './TouchTimeline';
import { UndoBar } from './UndoBar';
import { LeadForm } from './LeadForm';

export interface HeldAction {
  localId: number;
  /** When the hold ends (ms since epoch); the mutation may be sent after it. */
  until: number;
  message: string;
}

/** Lead stages after sales took the lead, where outcomes are recorded. */
const WORKED_STAGES: readonly Lead['stage'][] = ['sal', 'sql', 'opportunity', 'won', 'lost'];

export function LeadView({
  ctx,
  data,
  lead,
  notice,
  setNotice,
}: {
  ctx: PageContext;
  data: LeadContext;
  lead: Lead;
  notice: string | null;
  setNotice: (notice: string | null) => void;
}) {
  const t = useT();
  const perms = permissions(data.me?.role);
  const invalidate = useInvalidateLeadData();
  const [held, setHeld] = useState<HeldAction | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const handoff = data.handoff;
  const pendingHandoff = handoff?.status === 'pending';
  const accepted = handoff?.status === 'accepted' || WORKED_STAGES.includes(lead.stage);
  const isEmail = ctx.kind === 'email-thread';

  const undo = async (localId: number) => {
    setHeld(null);
    try {
      const { undone } = await call('undoMutation', { localId });
      setNotice(undone ? t('undo.done') : t('undo.tooLate'));
    } catch {
      setNotice(t('undo.failed'));
    }
    await invalidate();
  };

  return (
    <div className="aun-lead">
      {notice ? (
        <div className="aun-notice" role="status">
          <span>{notice}</span>
          <button type="button" className="aun-link" onClick={() => setNotice(null)}>
            {t('common.dismiss')}
          </button>
        </div>
      ) : null}
      {data.conflict ? <ConflictBanner data={data} conflict={data.conflict} /> : null}
      <LeadHeader lead={lead} data={data} />
      {data.grade ? <GradeBadge grade={data.grade} /> : null}
      {held ? <UndoBar held={held} onUndo={() => void undo(held.localId)} onExpire={() => setHeld(null)} /> : null}
      {handoff ? (
        <HandoffPanel
          data={data}
          handoff={handoff}
          perms={perms}
          onHeld={(localId, message) => {
            setNotice(null);
            setHeld({ localId, until: Date.now() + 10_000, message });
          }}
          setNotice={setNotice}
        />
      ) : (
        <p className="aun-muted">{t('handoff.none')}</p>
      )}
      {perms.recordOutcome && accepted ? <OutcomeSection data={data} lead={lead} /> : null}
      {perms.tag && !pendingHandoff ? (
        formOpen ? (
          <LeadForm
            mode="tag"
            ctx={ctx}
            data={data}
            email={lead.email}
            existing={lead}
            onDone={(message) => {
              setFormOpen(false);
              setNotice(message);
            }}
            onCancel={() => setFormOpen(false)}
          />
        ) : (
          <button type="button" className="aun-button aun-button-primary" onClick={() => setFormOpen(true)}>
            {isEmail ? t('tag.open') : t('tag.openHandoff')}
          </button>
        )
      ) : null}
      <TouchTimeline leadId={lead.id} touches={data.touches} touchCount={data.touchCount} />
    </div>
  );
}
