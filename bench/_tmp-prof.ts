import { addDays, predictTroughs } from '@eid/domain';
const inf = Array.from({ length: 66 }, (_, i) => ({ date: addDays('2020-01-06', i * 28) }));
const tr = [{ date: inf[64].date, ugPerMl: 18 }, { date: inf[65].date, ugPerMl: 21 }];
for (const h of [{ infusions: inf }, { infusions: inf, troughs: tr }]) {
  predictTroughs(h, { maxIntervalWeeks: 8, targetUgPerMl: 10 });
  const c0 = process.cpuUsage().user; const t0 = performance.now();
  for (let k = 0; k < 10; k++) predictTroughs(h, { maxIntervalWeeks: 8, targetUgPerMl: 10 });
  console.log("wall ms", (performance.now() - t0) / 10, "cpu ms", (process.cpuUsage().user - c0) / 1e4);
}
