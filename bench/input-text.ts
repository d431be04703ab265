import { csvLine, inputTextProblems, jsonDepthExceeds } from '@eid/core';

/**
 * `npm run bench -- input-text`: the cost of the input and output rules of issue 16 on every request and every
 * CSV cell, measured as CPU time of this thread:
 * 1. the global pipe's text check (inputTextProblems) on a full screening body (the largest eCRF body);
 * 2. the nesting-depth scan before JSON parsing on a 1 MB body (the request body limit), next to JSON.parse of it;
 * 3. CSV cells through the one CSV cell writer (csvLine: RFC 4180 + formula guard), per million cells.
 */
const SCREENING = {
  siteId: '3f0c1c52-7d5e-4f0c-9a55-2f1e4c1f0a11',
  screeningNumber: 'SCR-012',
  screeningDate: '2026-01-05',
  birthYear: 1984,
  sex: 'female',
  msType: 'RRMS',
  diagnosticCriteria: 'McDonald 2010',
  natalizumabStartDate: '2022-03-14',
  infusionsBeforeScreening: 48,
  weightKg: 68.5,
  mriPossible: true,
  otherImmunomodulatoryMedication: false,
  evidence: {
    relapses: [],
    mri: [{ date: '2025-11-20', newOrEnlargingT2Count: 0, gadoliniumEnhancingCount: 0 }],
    edss: [{ date: '2026-01-05', score: 2.5 }],
    screeningTrough: { sampledOn: '2026-01-05', concentrationUgPerMl: 21.4 },
    infusions: Array.from({ length: 24 }, (_, i) => ({
      date: `2025-${String((i % 12) + 1).padStart(2, '0')}-0${(i % 9) + 1}`,
      doseMg: 300,
    })),
  },
};

function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

export async function main(): Promise<void> {
  const n = 20_000;
  const pipeMs = cpuMs(() => {
    for (let i = 0; i < n; i++) if (inputTextProblems(SCREENING).length) throw new Error('unexpected problem');
  });
  const pipeUsPerBody = (pipeMs * 1000) / n;

  const text = JSON.stringify({
    items: Array.from({ length: 16_500 }, (_, i) => ({ term: `Headache ${i}`, onsetDate: '2026-03-10', score: 2.5 })),
  });
  const big = Buffer.from(text);
  const mb = big.length / 1_048_576;
  const reps = 50;
  const scanMs =
    cpuMs(() => {
      for (let i = 0; i < reps; i++) jsonDepthExceeds(big);
    }) /
    reps /
    mb;
  const parseMs =
    cpuMs(() => {
      for (let i = 0; i < reps; i++) JSON.parse(text);
    }) /
    reps /
    mb;

  const row = ['AMS-0001', '2026-03-10', 'Headache after a long drive', '-dizzy', -1.5, 300, null, '=cmd'];
  const lines = 125_000; // × 8 cells = 1,000,000 cells
  const csvMs = cpuMs(() => {
    for (let i = 0; i < lines; i++) csvLine(row);
  });
  console.log(`text check: ${pipeUsPerBody.toFixed(1)} µs per screening body (${n} bodies)`);
  console.log(
    `depth scan: ${scanMs.toFixed(2)} ms per MiB of body (${mb.toFixed(2)} MiB measured); JSON.parse of the same: ${parseMs.toFixed(2)} ms per MiB`,
  );
  console.log(`CSV cells: ${csvMs.toFixed(0)} ms per million cells`);
  console.log(
    `BENCH ${JSON.stringify({ textCheckUsPerBody: +pipeUsPerBody.toFixed(1), depthScanMsPerMb: +scanMs.toFixed(2), jsonParseMsPerMb: +parseMs.toFixed(2), csvMsPerMillionCells: Math.round(csvMs) })}`,
  );
}
