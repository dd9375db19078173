/** React Query hooks over the protocol (lib/messages.ts). The sidebar and options page never touch storage. */
import { QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, ProtocolError, type MutationCall } from '../messages';
import type { PageContext } from '../adapters/page-context';

export const queryKeys = {
  leadContext: (ctx: PageContext | null) => ['leadContext', ctx] as const,
  allLeadContexts: ['leadContext'] as const,
  touches: (leadId: string, type: string | null, all: boolean) => ['touches', leadId, type, all] as const,
  allTouches: ['touches'] as const,
  settings: ['settings'] as const,
  syncStatus: ['syncStatus'] as const,
};

/** How often open views re-read the background (besides window focus). */
export const REFRESH_MS = 15_000;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Offline and validation errors do not heal by retrying at once; the 15 s refresh retries.
        retry: (count, error) => count < 1 && !(error instanceof ProtocolError && ['offline', 'validation_failed', 'not_found', 'unauthorized'].includes(error.code)),
        refetchOnWindowFocus: true,
        staleTime: 2_000,
      },
    },
  });
}

export function useLeadContext(ctx: PageContext | null) {
  return useQuery({
    queryKey: queryKeys.leadContext(ctx),
    queryFn: () => call('getLeadContext', ctx!),
    enabled: ctx !== null,
    refetchInterval: REFRESH_MS,
    refetchOnWindowFocus: true,
  });
}

export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings, queryFn: () => call('getSettings', {}) });
}

export function useSyncStatus() {
  return useQuery({ queryKey: queryKeys.syncStatus, queryFn: () => call('getSyncStatus', {}), refetchInterval: REFRESH_MS });
}

/** Everything a local change can affect; re-read after each mutation so optimistic changes show at once. */
export function useInvalidateLeadData() {
  const client = useQueryClient();
  return async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.allLeadContexts }),
      client.invalidateQueries({ queryKey: queryKeys.allTouches }),
      client.invalidateQueries({ queryKey: queryKeys.syncStatus }),
    ]);
  };
}

/** Send one or more mutations in order (each waits for the previous); returns their local ids. */
export function useMutate() {
  const invalidate = useInvalidateLeadData();
  return useMutation({
    mutationFn: async ({ calls, holdMs }: { calls: MutationCall[]; holdMs?: number }) => {
      const ids: number[] = [];
      for (const c of calls) {
        const { localId } = await call('mutate', { call: c, ...(holdMs !== undefined ? { holdMs } : {}) });
        ids.push(localId);
      }
      return ids;
    },
    onSettled: invalidate,
  });
}

export function errorCode(error: unknown): string | null {
  return error instanceof ProtocolError ? error.code : null;
}
