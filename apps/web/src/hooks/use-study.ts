import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { StudyView } from '../api/views';
import { useAuth } from '../auth/auth-context';

/** The active study with its sites (codes, time zones), from GET /studies. */
export function useStudy() {
  const { active } = useAuth();
  return useQuery({
    queryKey: ['studies'],
    queryFn: () => call(api.GET('/api/v1/studies', { params: { query: { limit: 100 } } })),
    select: (page) => page.items.find((s) => s.id === active?.studyId) ?? null,
    enabled: !!active?.studyId,
    staleTime: 5 * 60_000,
  });
}

export function siteCodeOf(study: StudyView | null | undefined, siteId: string): string {
  return study?.sites.find((s) => s.id === siteId)?.code ?? '—';
}

export function siteTimezone(study: StudyView | null | undefined, siteId: string | null | undefined): string {
  return study?.sites.find((s) => s.id === siteId)?.timezone ?? 'Europe/Amsterdam';
}
