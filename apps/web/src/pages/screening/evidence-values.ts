import type { components } from '../../api/schema';

type EvidenceBody = components['schemas']['ScreeningEvidenceDto'];

export const num = (v: unknown) => (v === '' || v === null || v === undefined ? undefined : Number(v));
export const str = (v: unknown) => (v === '' || v === null || v === undefined ? undefined : String(v));

/** The entry-criteria evidence fields of the screening form and of "Complete evidence" (one item of each kind). */
export const EMPTY_EVIDENCE = {
  relapseOnset: '',
  mriDate: '',
  mriT2: 0 as number | string,
  mriGd: 0 as number | string,
  edssDate: '',
  edssScore: '' as number | string,
  troughDate: '',
  troughUgPerMl: '' as number | string,
  troughBelowLloq: false,
  lastInfusionDate: '',
};
export type EvidenceValues = typeof EMPTY_EVIDENCE;

/** The API's evidence body from the fields: an item is sent only when its date is given. */
export function evidenceBody(v: EvidenceValues): EvidenceBody {
  return {
    relapses: v.relapseOnset ? [{ onsetDate: v.relapseOnset, confirmedByNeurologist: true }] : [],
    mri: v.mriDate ? [{ date: v.mriDate, newOrEnlargingT2Count: Number(v.mriT2), gadoliniumEnhancingCount: Number(v.mriGd) }] : [],
    edss: v.edssDate && v.edssScore !== '' ? [{ date: v.edssDate, score: Number(v.edssScore) }] : [],
    ...(v.troughDate
      ? {
          screeningTrough: {
            sampledOn: v.troughDate,
            concentrationUgPerMl: v.troughBelowLloq ? undefined : num(v.troughUgPerMl),
            belowLloq: v.troughBelowLloq,
          },
        }
      : {}),
    infusions: v.lastInfusionDate ? [{ date: v.lastInfusionDate, doseMg: 300 }] : [],
  };
}

/** Evidence problems come back as evidence.mri.0.date etc.: shown at the fields that hold them. */
export const EVIDENCE_FIELDS: Record<string, keyof EvidenceValues> = {
  'evidence.screeningTrough.sampledOn': 'troughDate',
  'evidence.screeningTrough.concentrationUgPerMl': 'troughUgPerMl',
  'evidence.mri.0.date': 'mriDate',
  'evidence.mri.0.newOrEnlargingT2Count': 'mriT2',
  'evidence.mri.0.gadoliniumEnhancingCount': 'mriGd',
  'evidence.edss.0.date': 'edssDate',
  'evidence.edss.0.score': 'edssScore',
  'evidence.relapses.0.onsetDate': 'relapseOnset',
  'evidence.infusions.0.date': 'lastInfusionDate',
};
