/** The popup's data: its lists (getMyQueue), the workspace (users, queues, definition), and mutations that refresh both. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PageContext } from '../../lib/adapters/page-context';
import { call, type MutationCall } from '../../lib/messages';
import { queryKeys, REFRESH_MS, useLeadContext, useMutate } from '../../lib/ui/queries';

export const popupKeys = {
  myQueue: ['myQueue'] as const,
};

export function useMyQueue() {
  return useQuery({ queryKey: popupKeys.myQueue, queryFn: () => call('getMyQueue', {}), refetchInterval: REFRESH_MS });
}

/**
 * A page context about nobody: getLeadContext answers it with the workspace alone — who I am,
 * the definition (rejection reasons, checklists), users and queues — which the rows need for names.
 */
export const WORKSPACE_CONTEXT: PageContext = { site: 'generic', kind: 'crm-record', emails: [] };

export function useWorkspace() {
  return useLeadContext(WORKSPACE_CONTEXT);
}

/** The context of one lead by its email (its stage and newest handoff), or nothing while `email` is null. */
export function leadContextFor(email: string): PageContext {
  return { site: 'generic', kind: 'crm-record', emails: [email] };
}

/** Re-read everything the popup shows. */
export function useRefreshPopup() {
  const client = useQueryClient();
  return async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: popupKeys.myQueue }),
      client.invalidateQueries({ queryKey: queryKeys.allLeadContexts }),
      client.invalidateQueries({ queryKey: queryKeys.syncStatus }),
    ]);
  };
}

/** One mutation (optionally held for undo); the lists are re-read after it, so the change shows at once. */
export function usePopupMutate() {
  const mutate = useMutate();
  const client = useQueryClient();
  const run = useMutation({
    mutationFn: async ({ call: c, holdMs }: { call: MutationCall; holdMs?: number }) => {
      const [localId] = await mutate.mutateAsync({ calls: [c], ...(holdMs !== undefined ? { holdMs } : {}) });
      return localId!;
    },
    onSettled: () => client.invalidateQueries({ queryKey: popupKeys.myQueue }),
  });
  return run;
}
