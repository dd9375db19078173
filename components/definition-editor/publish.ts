import { useMutation, useMutationState, useQueryClient } from '@tanstack/react-query';
import type { LeadDefinition } from '../../lib/domain/definition';
import { call } from '../../lib/messages';

/**
 * Publishing goes through the outbox like every write, but "published" may only be said once the
 * server has taken it: the definition is the agreement both teams work by. So the publish asks for
 * a sync and reads back whether the server refused it (definition_invalid, with its issues).
 */
export type PublishOutcome =
  | { phase: 'published' }
  /** Saved locally; the server could not be reached yet. */
  | { phase: 'queued' }
  | { phase: 'rejected'; code: string; message: string; issues: { path: string; message: string }[] };

const PUBLISH_KEY = ['publishDefinition'] as const;

function issuesOf(details: unknown): { path: string; message: string }[] {
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((i) => (i && typeof i.path === 'string' && typeof i.message === 'string' ? [{ path: i.path, message: i.message }] : []));
}

export async function publishDefinition(definition: LeadDefinition): Promise<PublishOutcome> {
  const { localId } = await call('mutate', { call: { name: 'definition.publish', args: { definition } } });
  const status = await call('syncNow', { reason: 'review' });
  const rejected = status.rejected.find((r) => r.localId === localId);
  if (rejected) return { phase: 'rejected', code: rejected.error.code, message: rejected.error.message, issues: issuesOf(rejected.error.details) };
  if (status.mode === 'server' && status.state !== 'idle') return { phase: 'queued' };
  return { phase: 'published' };
}

export function usePublishDefinition() {
  const client = useQueryClient();
  return useMutation({
    mutationKey: PUBLISH_KEY,
    mutationFn: publishDefinition,
    onSettled: () => client.invalidateQueries({ queryKey: ['definition'] }),
  });
}

/**
 * The last publish's state. It lives in the query client, not the editor, because a published
 * definition has a new version and the editor (keyed by version) starts afresh.
 */
export function useLastPublish() {
  const states = useMutationState({ filters: { mutationKey: PUBLISH_KEY }, select: (m) => ({ status: m.state.status, data: m.state.data as PublishOutcome | undefined, error: m.state.error }) });
  return states.at(-1);
}
