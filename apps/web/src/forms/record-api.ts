import { api, call } from '../api/client';
import type { components } from '../api/schema';
import type { RecordView } from '../api/views';
import type { FormKey } from './form-specs';

type S = components['schemas'];
type Body = Record<string, unknown>;
const pp = (participantId: string) => ({ path: { participantId } });
const pr = (participantId: string, recordId: string) => ({ path: { participantId, recordId } });

/** Per form: the generated DTO of a new record and of a correction. */
interface FormBodies {
  infusions: [S['CreateInfusionDto'], S['UpdateInfusionDto']];
  troughs: [S['CreateTroughDto'], S['UpdateTroughDto']];
  jcv: [S['CreateJcvDto'], S['UpdateJcvDto']];
  relapses: [S['CreateRelapseDto'], S['UpdateRelapseDto']];
  mri: [S['CreateMriDto'], S['UpdateMriDto']];
  edss: [S['CreateEdssDto'], S['UpdateEdssDto']];
  'adverse-events': [S['CreateAdverseEventDto'], S['UpdateAdverseEventDto']];
  'clinic-visits': [S['CreateClinicVisitDto'], S['UpdateClinicVisitDto']];
}

/**
 * Typed calls per form: each path is a literal of the generated schema and each body its generated DTO, so a
 * removed route or a changed DTO breaks `tsc`.
 */
const CREATE: { [K in FormKey]: (participantId: string, body: FormBodies[K][0]) => Promise<RecordView> } = {
  infusions: (id, body) => call(api.POST('/api/v1/participants/{participantId}/infusions', { params: pp(id), body })),
  troughs: (id, body) => call(api.POST('/api/v1/participants/{participantId}/troughs', { params: pp(id), body })),
  jcv: (id, body) => call(api.POST('/api/v1/participants/{participantId}/jcv', { params: pp(id), body })),
  relapses: (id, body) => call(api.POST('/api/v1/participants/{participantId}/relapses', { params: pp(id), body })),
  mri: (id, body) => call(api.POST('/api/v1/participants/{participantId}/mri', { params: pp(id), body })),
  edss: (id, body) => call(api.POST('/api/v1/participants/{participantId}/edss', { params: pp(id), body })),
  'adverse-events': (id, body) => call(api.POST('/api/v1/participants/{participantId}/adverse-events', { params: pp(id), body })),
  'clinic-visits': (id, body) => call(api.POST('/api/v1/participants/{participantId}/clinic-visits', { params: pp(id), body })),
};

const UPDATE: { [K in FormKey]: (participantId: string, recordId: string, body: FormBodies[K][1]) => Promise<RecordView> } = {
  infusions: (id, rid, body) => call(api.PATCH('/api/v1/participants/{participantId}/infusions/{recordId}', { params: pr(id, rid), body })),
  troughs: (id, rid, body) => call(api.PATCH('/api/v1/participants/{participantId}/troughs/{recordId}', { params: pr(id, rid), body })),
  jcv: (id, rid, body) => call(api.PATCH('/api/v1/participants/{participantId}/jcv/{recordId}', { params: pr(id, rid), body })),
  relapses: (id, rid, body) => call(api.PATCH('/api/v1/participants/{participantId}/relapses/{recordId}', { params: pr(id, rid), body })),
  mri: (id, rid, body) => call(api.PATCH('/api/v1/participants/{participantId}/mri/{recordId}', { params: pr(id, rid), body })),
  edss: (id, rid, body) => call(api.PATCH('/api/v1/participants/{participantId}/edss/{recordId}', { params: pr(id, rid), body })),
  'adverse-events': (id, rid, body) =>
    call(api.PATCH('/api/v1/participants/{participantId}/adverse-events/{recordId}', { params: pr(id, rid), body })),
  'clinic-visits': (id, rid, body) =>
    call(api.PATCH('/api/v1/participants/{participantId}/clinic-visits/{recordId}', { params: pr(id, rid), body })),
};

/**
 * The generic form's values are the form's own fields, typed per input (record-form.tsx toBody) but not proven
 * against the form's DTO here: the server validates every body and answers 400 naming each field, which the form
 * shows next to the input. This is the one place that trust is taken.
 */
function asFormBody<T>(body: Body): T {
  return body as T;
}

export async function createRecord(form: FormKey, participantId: string, body: Body): Promise<RecordView> {
  return CREATE[form](participantId, asFormBody(body));
}

/** A correction: the record's `version` (optimistic concurrency) and a `reason` travel with the changes. */
export async function updateRecord(form: FormKey, participantId: string, recordId: string, body: Body): Promise<RecordView> {
  return UPDATE[form](participantId, recordId, asFormBody(body));
}

/** Source data verification by a monitor; any later change resets it (server side, audited). */
export async function verifyRecord(form: FormKey, participantId: string, recordId: string, version: number): Promise<void> {
  const body: S['VerifyRecordDto'] = { version };
  switch (form) {
    case 'infusions':
      await call(
        api.POST('/api/v1/participants/{participantId}/infusions/{recordId}/verification', { params: pr(participantId, recordId), body }),
      );
      return;
    case 'troughs':
      await call(
        api.POST('/api/v1/participants/{participantId}/troughs/{recordId}/verification', { params: pr(participantId, recordId), body }),
      );
      return;
    case 'jcv':
      await call(
        api.POST('/api/v1/participants/{participantId}/jcv/{recordId}/verification', { params: pr(participantId, recordId), body }),
      );
      return;
    case 'relapses':
      await call(
        api.POST('/api/v1/participants/{participantId}/relapses/{recordId}/verification', { params: pr(participantId, recordId), body }),
      );
      return;
    case 'mri':
      await call(
        api.POST('/api/v1/participants/{participantId}/mri/{recordId}/verification', { params: pr(participantId, recordId), body }),
      );
      return;
    case 'edss':
      await call(
        api.POST('/api/v1/participants/{participantId}/edss/{recordId}/verification', { params: pr(participantId, recordId), body }),
      );
      return;
    case 'adverse-events':
      await call(
        api.POST('/api/v1/participants/{participantId}/adverse-events/{recordId}/verification', {
          params: pr(participantId, recordId),
          body,
        }),
      );
      return;
    case 'clinic-visits':
      await call(
        api.POST('/api/v1/participants/{participantId}/clinic-visits/{recordId}/verification', {
          params: pr(participantId, recordId),
          body,
        }),
      );
      return;
  }
}

/** Soft delete (the record stays in the trail, marked deleted): the record's version and a reason are required. */
export async function deleteRecord(form: FormKey, participantId: string, recordId: string, version: number, reason: string): Promise<void> {
  const body: S['ChangeEnvelopeDto'] = { version, reason };
  const init = { params: pr(participantId, recordId), body };
  switch (form) {
    case 'infusions':
      return void (await call(api.DELETE('/api/v1/participants/{participantId}/infusions/{recordId}', init)));
    case 'troughs':
      return void (await call(api.DELETE('/api/v1/participants/{participantId}/troughs/{recordId}', init)));
    case 'jcv':
      return void (await call(api.DELETE('/api/v1/participants/{participantId}/jcv/{recordId}', init)));
    case 'relapses':
      return void (await call(api.DELETE('/api/v1/participants/{participantId}/relapses/{recordId}', init)));
    case 'mri':
      return void (await call(api.DELETE('/api/v1/participants/{participantId}/mri/{recordId}', init)));
    case 'edss':
      return void (await call(api.DELETE('/api/v1/participants/{participantId}/edss/{recordId}', init)));
    case 'adverse-events':
      return void (await call(api.DELETE('/api/v1/participants/{participantId}/adverse-events/{recordId}', init)));
    case 'clinic-visits':
      return void (await call(api.DELETE('/api/v1/participants/{participantId}/clinic-visits/{recordId}', init)));
  }
}
