import { Button, Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useStudy } from '../hooks/use-study';

/** The report query's filters (period and site); absent = the whole study up to today. */
export interface ReportFilter {
  from?: string;
  to?: string;
  siteId?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Period and site filters for every report; applied on "Apply" (a date is `YYYY-MM-DD`, refused otherwise). */
export function ReportFilters({ value, onChange }: { value: ReportFilter; onChange: (f: ReportFilter) => void }) {
  const { data: study } = useStudy();
  const [from, setFrom] = useState(value.from ?? '');
  const [to, setTo] = useState(value.to ?? '');
  const [siteId, setSiteId] = useState<string | null>(value.siteId ?? null);
  const bad = (d: string) => d !== '' && !DATE.test(d);
  return (
    <Group align="flex-end" data-testid="report-filters">
      <TextInput
        label="From"
        placeholder="YYYY-MM-DD"
        value={from}
        onChange={(e) => setFrom(e.currentTarget.value)}
        error={bad(from) ? 'YYYY-MM-DD' : null}
      />
      <TextInput
        label="To"
        placeholder="YYYY-MM-DD (default today)"
        value={to}
        onChange={(e) => setTo(e.currentTarget.value)}
        error={bad(to) ? 'YYYY-MM-DD' : null}
      />
      <Select
        label="Site"
        placeholder="All sites"
        clearable
        data={(study?.sites ?? []).map((s) => ({ value: s.id, label: s.code }))}
        value={siteId}
        onChange={setSiteId}
      />
      <Button
        disabled={bad(from) || bad(to)}
        onClick={() => onChange({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...(siteId ? { siteId } : {}) })}
      >
        Apply
      </Button>
    </Group>
  );
}
