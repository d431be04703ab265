import { codeLabel, humanise, outputColumns, snake, unitOf } from './variable';

describe('variable naming', () => {
  it.each([
    ['concentrationUgPerMl', 'Concentration', 'µg/mL', 'concentration_ug_per_ml'],
    ['doseMg', 'Dose', 'mg', 'dose_mg'],
    ['weightKg', 'Weight', 'kg', 'weight_kg'],
    ['newOrEnlargingT2Count', 'New or enlarging T2 count', undefined, 'new_or_enlarging_t2_count'],
    ['msType', 'MS type', undefined, 'ms_type'],
    ['belowLloq', 'Below LLOQ', undefined, 'below_lloq'],
  ])('%s → label %s, unit %s, column %s', (prop, label, unit, column) => {
    expect(humanise(prop)).toBe(label);
    expect(unitOf(prop)).toBe(unit);
    expect(snake(prop)).toBe(column);
  });

  it('labels codes readably and keeps acronyms', () => {
    expect(codeLabel('in-window')).toBe('In window');
    expect(codeLabel('RRMS')).toBe('RRMS');
  });

  it('adds a label column only for coded variables', () => {
    expect(outputColumns({ name: 'sex', label: 'Sex', type: 'text', sql: 't.sex', codeList: [{ code: 'female', label: 'Female' }] })).toEqual(['sex', 'sex_label']);
    expect(outputColumns({ name: 'dose_mg', label: 'Dose', type: 'integer', sql: 't.dose_mg' })).toEqual(['dose_mg']);
  });
});
