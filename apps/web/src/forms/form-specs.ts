import type { components } from '../api/schema';

type S = components['schemas'];

export type FieldType = 'date' | 'time' | 'number' | 'text' | 'textarea' | 'boolean' | 'select' | 'multiselect' | 'visit';

export interface FieldSpec<K extends string = string> {
  name: K;
  label: string;
  type: FieldType;
  /** Printed beside the input and in tables (issue #7: units always next to values). */
  unit?: string;
  required?: boolean;
  options?: readonly string[];
  min?: number;
  max?: number;
  step?: number;
  decimals?: number;
  help?: string;
}

/**
 * One eCRF form as the web app shows it. `fields` are typed against the API's create DTO (generated from
 * the OpenAPI document), so a renamed or removed DTO field fails the web build.
 */
export interface FormSpec<D = unknown> {
  key: FormKey;
  title: string;
  /** The record's table, as queries and the audit trail name it. */
  entityType: S['RaiseQueryDto']['entityType'];
  /** Name of one record, for buttons ("New trough sample"). */
  singular: string;
  /** The record's date field, for ordering and the course plot. */
  dateField: string;
  fields: FieldSpec<Extract<keyof D, string>>[];
  /** Columns of the records table (field names of the record). */
  columns: string[];
}

export type FormKey = 'infusions' | 'troughs' | 'jcv' | 'relapses' | 'mri' | 'edss' | 'adverse-events' | 'clinic-visits';

const enumOf = <T extends string>(values: readonly T[]) => values;

export const INFUSION: FormSpec<S['CreateInfusionDto']> = {
  key: 'infusions',
  entityType: 'infusion',
  singular: 'infusion',
  title: 'Infusions',
  dateField: 'date',
  fields: [
    { name: 'date', label: 'Infusion date', type: 'date', required: true },
    { name: 'doseMg', label: 'Dose', type: 'number', unit: 'mg', min: 0, max: 1000, decimals: 0 },
    { name: 'lotNumber', label: 'Lot number', type: 'text' },
    { name: 'administered', label: 'Administered', type: 'boolean' },
    { name: 'notAdministeredReason', label: 'Reason not administered', type: 'text' },
  ],
  columns: ['date', 'doseMg', 'intervalWeeks', 'lotNumber', 'administered'],
};

export const TROUGH: FormSpec<S['CreateTroughDto']> = {
  key: 'troughs',
  entityType: 'trough_sample',
  singular: 'trough sample',
  title: 'Trough samples',
  dateField: 'sampledOn',
  fields: [
    { name: 'sampledOn', label: 'Sampling date', type: 'date', required: true },
    { name: 'sampledTime', label: 'Sampling time', type: 'time', help: 'Local time HH:MM' },
    {
      name: 'concentrationUgPerMl',
      label: 'Trough concentration',
      type: 'number',
      unit: 'µg/mL',
      min: 0,
      max: 500,
      decimals: 2,
      help: 'Leave empty when below LLOQ',
    },
    { name: 'belowLloq', label: 'Below LLOQ', type: 'boolean' },
    { name: 'assay', label: 'Assay', type: 'text' },
    { name: 'lab', label: 'Laboratory', type: 'text' },
  ],
  columns: ['sampledOn', 'concentrationUgPerMl', 'belowLloq', 'assay', 'lab'],
};

export const JCV: FormSpec<S['CreateJcvDto']> = {
  key: 'jcv',
  entityType: 'jcv_test',
  singular: 'anti-JCV result',
  title: 'Anti-JCV serology',
  dateField: 'date',
  fields: [
    { name: 'date', label: 'Sample date', type: 'date', required: true },
    { name: 'status', label: 'Status', type: 'select', required: true, options: enumOf(['positive', 'negative', 'indeterminate']) },
    { name: 'index', label: 'Index', type: 'number', min: 0, max: 10, decimals: 2 },
    { name: 'assay', label: 'Assay', type: 'text' },
  ],
  columns: ['date', 'status', 'index', 'assay'],
};

export const FUNCTIONAL_SYSTEMS = [
  'pyramidal',
  'cerebellar',
  'brainstem',
  'sensory',
  'bowel-bladder',
  'visual',
  'cerebral',
  'ambulation',
] as const;

export const RELAPSE: FormSpec<S['CreateRelapseDto']> = {
  key: 'relapses',
  entityType: 'relapse',
  singular: 'relapse',
  title: 'Relapses',
  dateField: 'onsetDate',
  fields: [
    { name: 'onsetDate', label: 'Onset date', type: 'date', required: true },
    { name: 'functionalSystems', label: 'Functional systems', type: 'multiselect', options: FUNCTIONAL_SYSTEMS },
    { name: 'symptoms', label: 'Symptoms', type: 'textarea' },
    { name: 'steroidTreatment', label: 'Steroid treatment', type: 'boolean' },
    {
      name: 'confirmedByNeurologist',
      label: 'Confirmed by neurologist',
      type: 'boolean',
      help: "New signs on the neurologist's examination; unconfirmed relapses count only if the protocol says so (outcomes.md §1 R3)",
    },
    {
      name: 'durationHours',
      label: 'Duration',
      type: 'number',
      unit: 'h',
      min: 0,
      max: 8760,
      decimals: 0,
      help: '< 24 h is not a relapse (outcomes.md §1 R1)',
    },
    {
      name: 'feverOrInfection',
      label: 'Fever or infection at onset',
      type: 'boolean',
      help: 'A pseudo-relapse, not counted (outcomes.md §1 R2)',
    },
  ],
  columns: ['onsetDate', 'functionalSystems', 'steroidTreatment', 'confirmedByNeurologist', 'durationHours', 'feverOrInfection'],
};

export const MRI: FormSpec<S['CreateMriDto']> = {
  key: 'mri',
  entityType: 'mri_scan',
  singular: 'MRI scan',
  title: 'MRI',
  dateField: 'date',
  fields: [
    { name: 'date', label: 'Scan date', type: 'date', required: true },
    {
      name: 'newOrEnlargingT2Count',
      label: 'New/enlarging T2 lesions',
      type: 'number',
      unit: 'lesions',
      required: true,
      min: 0,
      max: 200,
      decimals: 0,
    },
    {
      name: 'gadoliniumEnhancingCount',
      label: 'Gd-enhancing lesions',
      type: 'number',
      unit: 'lesions',
      required: true,
      min: 0,
      max: 200,
      decimals: 0,
    },
    { name: 'comparedWithDate', label: 'Compared with scan of', type: 'date' },
  ],
  columns: ['date', 'newOrEnlargingT2Count', 'gadoliniumEnhancingCount', 'comparedWithDate'],
};

export const EDSS: FormSpec<S['CreateEdssDto']> = {
  key: 'edss',
  entityType: 'edss_assessment',
  singular: 'EDSS assessment',
  title: 'EDSS',
  dateField: 'date',
  fields: [
    { name: 'date', label: 'Assessment date', type: 'date', required: true },
    {
      name: 'score',
      label: 'EDSS score',
      type: 'number',
      required: true,
      min: 0,
      max: 10,
      step: 0.5,
      decimals: 1,
      help: '0, 1.0, 1.5 … 10 (0.5 is not a score)',
    },
  ],
  columns: ['date', 'score'],
};

export const ADVERSE_EVENT: FormSpec<S['CreateAdverseEventDto']> = {
  key: 'adverse-events',
  entityType: 'adverse_event',
  singular: 'adverse event',
  title: 'Adverse events',
  dateField: 'onsetDate',
  fields: [
    { name: 'term', label: 'Event term', type: 'text', required: true },
    { name: 'onsetDate', label: 'Onset date', type: 'date', required: true },
    { name: 'resolutionDate', label: 'Resolution date', type: 'date' },
    { name: 'severity', label: 'Severity', type: 'select', required: true, options: enumOf(['mild', 'moderate', 'severe']) },
    {
      name: 'seriousnessCriteria',
      label: 'Seriousness criteria (ICH E2A)',
      type: 'multiselect',
      options: enumOf([
        'DEATH',
        'LIFE_THREATENING',
        'HOSPITALISATION',
        'PERSISTENT_DISABILITY',
        'CONGENITAL_ANOMALY',
        'IMPORTANT_MEDICAL_EVENT',
      ]),
    },
    {
      name: 'relatedness',
      label: 'Relatedness',
      type: 'select',
      required: true,
      options: enumOf(['not-related', 'unlikely', 'possible', 'probable', 'definite', 'not-assessed']),
    },
    {
      name: 'actionTaken',
      label: 'Action taken',
      type: 'select',
      required: true,
      options: enumOf(['none', 'dose-delayed', 'drug-interrupted', 'drug-withdrawn', 'not-applicable', 'unknown']),
    },
    {
      name: 'outcome',
      label: 'Outcome',
      type: 'select',
      required: true,
      options: enumOf(['recovered', 'recovering', 'not-recovered', 'recovered-with-sequelae', 'fatal', 'unknown']),
    },
    { name: 'pmlSuspected', label: 'PML suspected', type: 'boolean', help: 'Surfaces on the monitor dashboard at once' },
  ],
  columns: ['onsetDate', 'term', 'severity', 'serious', 'pmlSuspected', 'outcome'],
};

export const CLINIC_VISIT: FormSpec<S['CreateClinicVisitDto']> = {
  key: 'clinic-visits',
  entityType: 'clinic_visit',
  singular: 'clinic visit',
  title: 'Clinic visits',
  dateField: 'date',
  fields: [
    { name: 'plannedVisitId', label: 'Planned visit', type: 'visit', required: true },
    { name: 'date', label: 'Visit date', type: 'date', required: true },
    { name: 'notes', label: 'Notes', type: 'textarea' },
  ],
  columns: ['date', 'windowFlag', 'notes'],
};

export const FORMS: FormSpec<never>[] = [TROUGH, INFUSION, EDSS, MRI, RELAPSE, JCV, ADVERSE_EVENT, CLINIC_VISIT];

/** Units and labels of record fields that are not inputs (derived by the server). */
export const DERIVED_UNITS: Record<string, string> = { intervalWeeks: 'wk', doseMg: 'mg', concentrationUgPerMl: 'µg/mL' };
export const DERIVED_LABELS: Record<string, string> = {
  intervalWeeks: 'Interval since previous',
  windowFlag: 'Visit window',
  serious: 'Serious',
};
