import { DEFAULT_PK_MODEL_ID, getPkModel, listPkModels } from './pk-registry';
import { parsePkModelDefinition } from './pk-model-definition';

describe('PK model registry', () => {
  it('lists the three model files; the published Amsterdam model is the default (pk-model.md §7 "should be the default")', () => {
    const models = listPkModels();
    expect(models.map((m) => m.id).sort()).toEqual([
      'natalizumab-1cmt-linear-illustrative',
      'natalizumab-2cmt-mm-label-calibrated',
      'natalizumab-2cmt-mm-vandenberg2025',
    ]);
    expect(models.filter((m) => m.isDefault).map((m) => m.id)).toEqual([DEFAULT_PK_MODEL_ID]);
    expect(DEFAULT_PK_MODEL_ID).toBe('natalizumab-2cmt-mm-vandenberg2025');
  });

  it('carries the §7 status wording verbatim, and lists the weight exponents as NOT applied', () => {
    const m = getPkModel(DEFAULT_PK_MODEL_ID)!;
    expect(m.validationStatus).toContain("secondary, machine extraction of the paper's Table 2");
    expect(m.covariates).toEqual([]);
    const summary = listPkModels().find((x) => x.isDefault)!;
    expect(summary.covariatesNotApplied.map((c) => c.name)).toEqual(['body weight']);
    expect(summary.covariatesNotApplied[0].status).toMatch(/NOT APPLIED until confirmed/);
  });

  it('carries the unconfirmed statuses into validationStatus (pk-model.md §3c, §6)', () => {
    expect(getPkModel('natalizumab-2cmt-mm-label-calibrated')!.validationStatus).toMatch(
      /calibrated to label summary statistics, not a published fit/i,
    );
    expect(getPkModel('natalizumab-1cmt-linear-illustrative')!.validationStatus).toMatch(/unconfirmed/);
    expect(getPkModel('natalizumab-1cmt-linear-illustrative')!.validationStatus).toMatch(/over-predicts/);
  });

  it('model definitions are frozen data; unknown ids give undefined', () => {
    const m = getPkModel(DEFAULT_PK_MODEL_ID)!;
    expect(Object.isFrozen(m.parameters.CL)).toBe(true);
    expect(getPkModel('no-such-model')).toBeUndefined();
  });

  const valid = () => JSON.parse(JSON.stringify(getPkModel(DEFAULT_PK_MODEL_ID)));
  it.each([
    ['unknown structure', (m: any) => (m.structure = 'three-compartment'), /unknown structure/],
    ['missing required parameter', (m: any) => delete m.parameters.Km, /parameter Km/],
    ['unknown unit', (m: any) => (m.parameters.CL.unit = 'gal/h'), /unknown unit/],
    ['variability on an unknown parameter', (m: any) => (m.betweenSubjectVariability[0].parameter = 'ka'), /variability/],
    ['non-semver version', (m: any) => (m.version = 'v1'), /semver/],
    ['RK4 infusion step above 0.1 h (§6)', (m: any) => (m.solver.infusionStepH = 0.5), /0\.1 h/],
    ['no source', (m: any) => (m.source = []), /source/],
  ])('rejects a model file with %s', (_, mutate, message) => {
    const m = valid();
    mutate(m);
    expect(() => parsePkModelDefinition(m)).toThrow(message);
  });

  it('accepts a new model file for an existing structure without code changes', () => {
    const m = valid();
    m.id = 'example-new-fit';
    m.parameters.CL = { value: 0.15, unit: 'L/day', status: 'example' };
    expect(parsePkModelDefinition(m).id).toBe('example-new-fit');
  });
});
