import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { ReportFilter } from '../reports-filters';

/** The reports' queries, typed from the generated OpenAPI schema (apps/web/src/api/schema.d.ts): one key per report and filter. */
export function useDosingReport(studyId: string, filter: ReportFilter) {
  return useQuery({
    queryKey: ['report', studyId, 'dosing', filter],
    queryFn: () => call(api.GET('/api/v1/studies/{studyId}/reports/dosing', { params: { path: { studyId }, query: filter } })),
  });
}

export function useDiseaseActivityReport(studyId: string, filter: ReportFilter) {
  return useQuery({
    queryKey: ['report', studyId, 'disease-activity', filter],
    queryFn: () => call(api.GET('/api/v1/studies/{studyId}/reports/disease-activity', { params: { path: { studyId }, query: filter } })),
  });
}

/** The first 500 participant rows: the statistician's screen pages no further (the CSV has them all). */
export function usePmlRiskReport(studyId: string, filter: ReportFilter) {
  return useQuery({
    queryKey: ['report', studyId, 'pml-risk', filter],
    queryFn: () =>
      call(api.GET('/api/v1/studies/{studyId}/reports/pml-risk', { params: { path: { studyId }, query: { ...filter, limit: 500 } } })),
  });
}

export function useDataQualityReport(studyId: string) {
  return useQuery({
    queryKey: ['dashboard', studyId, 'data-quality'],
    queryFn: () => call(api.GET('/api/v1/studies/{studyId}/reports/data-quality', { params: { path: { studyId }, query: {} } })),
  });
}
