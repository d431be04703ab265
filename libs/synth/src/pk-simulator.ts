import { getPkModel, PkModelDefinition } from '@eid/domain';
import { Random } from './random';

/**
 * Natalizumab concentrations for synthetic troughs: the label-calibrated model (docs/science/pk-model.md §6,
 * two-compartment with parallel linear + Michaelis–Menten elimination, calibrated to label statistics),
 * with the model file's between-subject variability (CL_i = CL·e^η1, Vmax_i = Vmax·e^η2), its weight
 * covariate and its proportional residual error. Integrated incrementally (RK4, dose-aligned steps as the
 * model's solver spec says) so a 5-year course costs one pass, not one pass per trough.
 */
export class PkSubject {
  private a1 = 0;
  private a2 = 0;
  private readonly cl: number;
  private readonly vc: number;
  private readonly vp: number;
  private readonly q: number;
  private readonly vmax: number;
  private readonly km: number;
  private readonly infusionH: number;
  private readonly infusionStepH: number;
  private readonly maxStepH: number;
  readonly sigma: number;

  constructor(rnd: Random, weightKg: number, model: PkModelDefinition = defaultModel()) {
    const p = (name: string) => model.parameters[name].value;
    const eta = (name: string) => {
      const bsv = model.betweenSubjectVariability?.find((b) => b.parameter === name);
      return bsv ? Math.exp(bsv.omega * rnd.normal()) : 1;
    };
    const cov = (name: string) => {
      let f = 1;
      for (const c of model.covariates ?? [])
        for (const e of c.effects) if (e.parameter === name) f *= Math.pow(weightKg / c.reference, e.exponent);
      return f;
    };
    this.cl = (p('CL') / 1000) * eta('CL') * cov('CL'); // mL/h → L/h
    this.vc = p('Vc');
    this.vp = p('Vp');
    this.q = p('Q');
    this.vmax = p('Vmax') * eta('Vmax') * cov('Vmax');
    this.km = p('Km');
    this.infusionH = model.dosing.infusionDurationH;
    this.infusionStepH = model.solver?.infusionStepH ?? 0.1;
    this.maxStepH = model.solver?.maxStepH ?? 6;
    this.sigma = model.residualError.sigma;
  }

  /** Central concentration now (µg/mL = mg/L). */
  concentration(): number {
    return this.a1 / this.vc;
  }

  /** Give a dose (infused over the model's duration) and advance `hours` from its start. */
  doseAndAdvance(doseMg: number, hours: number): void {
    const rate = doseMg / this.infusionH;
    this.advance(Math.min(this.infusionH, hours), rate, this.infusionStepH);
    if (hours > this.infusionH) this.advance(hours - this.infusionH, 0, this.maxStepH);
  }

  /** Advance `hours` without a dose (an infusion given later than due). */
  wait(hours: number): void {
    if (hours > 0) this.advance(hours, 0, this.maxStepH);
  }

  /** An observed trough: the true concentration with proportional residual error. */
  observe(rnd: Random): number {
    return this.concentration() * (1 + this.sigma * rnd.normal());
  }

  private advance(hours: number, rate: number, maxStep: number): void {
    const n = Math.max(1, Math.ceil(hours / maxStep));
    const h = hours / n;
    for (let i = 0; i < n; i++) {
      const [k1a, k1b] = this.deriv(this.a1, this.a2, rate);
      const [k2a, k2b] = this.deriv(this.a1 + (h / 2) * k1a, this.a2 + (h / 2) * k1b, rate);
      const [k3a, k3b] = this.deriv(this.a1 + (h / 2) * k2a, this.a2 + (h / 2) * k2b, rate);
      const [k4a, k4b] = this.deriv(this.a1 + h * k3a, this.a2 + h * k3b, rate);
      this.a1 = Math.max(0, this.a1 + (h / 6) * (k1a + 2 * k2a + 2 * k3a + k4a));
      this.a2 = Math.max(0, this.a2 + (h / 6) * (k1b + 2 * k2b + 2 * k3b + k4b));
    }
  }

  private deriv(a1: number, a2: number, rate: number): [number, number] {
    const c = a1 / this.vc;
    const d1 = rate - this.cl * c - this.q * c + (this.q * a2) / this.vp - (this.vmax * c) / (this.km + c);
    const d2 = this.q * c - (this.q * a2) / this.vp;
    return [d1, d2];
  }
}

/**
 * The synthetic trial keeps the model it was built on, the label-calibrated one: this integrator reads that
 * file's per-hour units (CL mL/h, Q L/h, Vmax mg/h). The platform's default (the published per-day model) is for
 * predictions; a model in other units is refused here rather than integrated with the wrong clock.
 */
export const SYNTH_PK_MODEL_ID = 'natalizumab-2cmt-mm-label-calibrated';

function defaultModel(): PkModelDefinition {
  const m = getPkModel(SYNTH_PK_MODEL_ID);
  if (!m) throw new Error(`synth: PK model ${SYNTH_PK_MODEL_ID} is not bundled`);
  const units = ['CL', 'Q', 'Vmax'].map((k) => m.parameters[k]?.unit);
  if (units.join() !== 'mL/h,L/h,mg/h')
    throw new Error(`synth: PK model ${SYNTH_PK_MODEL_ID} is not in per-hour units (${units.join(', ')})`);
  return m;
}
