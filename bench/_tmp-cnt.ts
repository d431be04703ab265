import { getPkModel } from '@eid/domain';
import { typicalValues } from '@eid/domain/pk/pk-model-definition';
import * as mm from '@eid/domain/pk/two-compartment-mm';
const m = getPkModel('natalizumab-2cmt-mm-vandenberg2025')!;
const tv = typicalValues(m);
const grid = { infusionStepH: 0.1, maxStepH: 12 };
const mk = (f: number) => ({ clLPerH: tv.CL * f, vcL: tv.Vc, vpL: tv.Vp*f, qLPerH: tv.Q, vmaxMgPerH: tv.Vmax / f, kmMgPerL: tv.Km });
for (const w of [4, 6, 8]) {
  const base = mm.twoCompartmentMmSteadyState(mk(1), 300, 1, w * 168, grid);
  let t0 = performance.now();
  for (let k = 0; k < 1000; k++) mm.twoCompartmentMmSteadyState(mk(1.2), 300, 1, w * 168, grid, base.warm, 1e-6);
  const warmT = performance.now() - t0;
  t0 = performance.now();
  for (let k = 0; k < 1000; k++) mm.advanceInterval(mk(1.2), { a1Mg: 0, a2Mg: 0 }, 300, 1, w * 168, grid);
  console.log(w, 'warm µs', warmT.toFixed(1), 'interval µs', (performance.now() - t0).toFixed(2));
}
