import { datasetJsonColumns, datasetJsonConverter, datasetJsonKeys } from './dataset-json';

describe('Dataset-JSON 1.1 columns', () => {
  it('maps codebook types to the specification’s combinations (float = numeric → decimal as string)', () => {
    const cols = datasetJsonColumns('trough_sample', [
      { name: 'participant_code', type: 'text', label: 'Participant code' },
      { name: 'record_id', type: 'text', label: 'Record id' },
      { name: 'sampled_on', type: 'date', label: 'Sampled on' },
      { name: 'concentration_ug_per_ml', type: 'float', label: 'Concentration' },
      { name: 'below_lloq', type: 'boolean', label: 'Below LLOQ' },
      { name: 'created_at', type: 'datetime' },
    ]);
    expect(cols).toEqual([
      { itemOID: 'IT.TROUGH_SAMPLE.PARTICIPANT_CODE', name: 'participant_code', label: 'Participant code', dataType: 'string', keySequence: 1 },
      { itemOID: 'IT.TROUGH_SAMPLE.RECORD_ID', name: 'record_id', label: 'Record id', dataType: 'string', keySequence: 2 },
      { itemOID: 'IT.TROUGH_SAMPLE.SAMPLED_ON', name: 'sampled_on', label: 'Sampled on', dataType: 'date' },
      { itemOID: 'IT.TROUGH_SAMPLE.CONCENTRATION_UG_PER_ML', name: 'concentration_ug_per_ml', label: 'Concentration', dataType: 'decimal', targetDataType: 'decimal' },
      { itemOID: 'IT.TROUGH_SAMPLE.BELOW_LLOQ', name: 'below_lloq', label: 'Below LLOQ', dataType: 'boolean' },
      // No label known: the name stands in (the schema requires a label).
      { itemOID: 'IT.TROUGH_SAMPLE.CREATED_AT', name: 'created_at', label: 'created_at', dataType: 'datetime' },
    ]);
  });

  it('keys: participant id before code, then the row key; none for the participant in study-level tables', () => {
    expect(datasetJsonKeys('infusion', ['participant_code', 'participant_id', 'record_id', 'visit_number'])).toEqual(['participant_id', 'record_id']);
    expect(datasetJsonKeys('participants', ['participant_code', 'sex'])).toEqual(['participant_code']);
    expect(datasetJsonKeys('visits', ['participant_code', 'number'])).toEqual(['participant_code', 'number']);
    expect(datasetJsonKeys('visit_wide', ['participant_code', 'visit_number'])).toEqual(['participant_code', 'visit_number']);
    expect(datasetJsonKeys('audit_trail', ['seq', 'participant_code'], 'study')).toEqual(['seq']);
    expect(datasetJsonKeys('codebook', ['table', 'variable', 'label'])).toEqual(['table', 'variable']);
  });

  it('converts coded booleans to true/false and decimals to their exact decimal string; null stays null', () => {
    const bool = datasetJsonConverter('boolean');
    expect([bool(1), bool(0), bool(null)]).toEqual([true, false, null]);
    const dec = datasetJsonConverter('decimal');
    // 18.35 entered → numeric '18.35' → Number 18.35 → '18.35' (shortest round-trip form).
    expect([dec(18.35), dec(0.1), dec(null), dec('7.50')]).toEqual(['18.35', '0.1', null, '7.50']);
  });
});
