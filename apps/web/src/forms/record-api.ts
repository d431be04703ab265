import { api, call } from '../api/client';
import type { components } from '../api/schema';
import type { RecordView } from '../api/views';
import type { FormKey } from './form-specs';

type S = components['schemas'];
type Body = Record<string, unknown>;
const pp = (participantId: string) => ({ path: { participantId } });
const pr = (participantId: string, recordId: string) => ({ path: { participantId, recordId } });

/**
 * Typed calls per form: each path is a literal of the generated schema, so a removed route or a changed
 * DTO breaks `tsc`. Bodies come from the generic form and are checked by the server (400 → field errors).
 */
export async function createRecord(form: FormKey, participantId: string, body: Body): Promise<RecordView> {
  const r = await (() => {
    switch (form) {
      case 'infusions':
        return call(
          api.POST('/api/v1/participants/{participantId}/infusions', {
            params: pp(participantId),
            body: body as unknown as S['CreateInfusionDto'],
          }),
        );
      case 'troughs':
        return call(
          api.POST('/api/v1/participants/{participantId}/troughs', {
            params: pp(participantId),
            body: body as unknown as S['CreateTroughDto'],
          }),
        );
      case 'jcv':
        return call(
          api.POST('/api/v1/participants/{participantId}/jcv', { params: pp(participantId), body: body as unknown as S['CreateJcvDto'] }),
        );
      case 'relapses':
        return call(
          api.POST('/api/v1/participants/{participantId}/relapses', {
            params: pp(participantId),
            body: body as unknown as S['CreateRelapseDto'],
          }),
        );
      case 'mri':
        return call(
          api.POST('/api/v1/participants/{participantId}/mri', { params: pp(participantId), body: body as unknown as S['CreateMriDto'] }),
        );
      case 'edss':
        return call(
          api.POST('/api/v1/participants/{participantId}/edss', { params: pp(participantId), body: body as unknown as S['CreateEdssDto'] }),
        );
      case 'adverse-events':
        return call(
          api.POST('/api/v1/participants/{participantId}/adverse-events', {
            params: pp(participantId),
            body: body as unknown as S['CreateAdverseEventDto'],
          }),
        );
      case 'clinic-visits':
        return call(
          api.POST('/api/v1/participants/{participantId}/clinic-visits', {
            params: pp(participantId),
            body: body as unknown as S['CreateClinicVisitDto'],
          }),
        );
    }
  })();
  return r as unknown as RecordView;
}

/** A correction: the record's `version` (optimistic concurrency) and a `reason` travel with the changes. */
export async function updateRecord(form: FormKey, participantId: string, recordId: string, body: Body): Promise<RecordView> {
  const r = await (() => {
    switch (form) {
      case 'infusions':
        return call(
          api.PATCH('/api/v1/participants/{participantId}/infusions/{recordId}', {
            params: pr(participantId, recordId),
            body: body as unknown as S['UpdateInfusionDto'],
          }),
        );
      case 'troughs':
        return call(
          api.PATCH('/api/v1/participants/{participantId}/troughs/{recordId}', {
            params: pr(participantId, recordId),
            body: body as unknown as S['UpdateTroughDto'],
          }),
        );
      case 'jcv':
        return call(
          api.PATCH('/api/v1/participants/{participantId}/jcv/{recordId}', {
            params: pr(participantId, recordId),
            body: body as unknown as S['UpdateJcvDto'],
          }),
        );
      case 'relapses':
        return call(
          api.PATCH('/api/v1/participants/{participantId}/relapses/{recordId}', {
            params: pr(participantId, recordId),
            body: body as unknown as S['UpdateRelapseDto'],
          }),
        );
      case 'mri':
        return call(
          api.PATCH('/api/v1/participants/{participantId}/mri/{recordId}', {
            params: pr(participantId, recordId),
            body: body as unknown as S['UpdateMriDto'],
          }),
        );
      case 'edss':
        return call(
          api.PATCH('/api/v1/participants/{participantId}/edss/{recordId}', {
            params: pr(participantId, recordId),
            body: body as unknown as S['UpdateEdssDto'],
          }),
        );
      case 'adverse-events':
        return call(
          api.PATCH('/api/v1/participants/{participantId}/adverse-events/{recordId}', {
            params: pr(participantId, recordId),
            body: body as unknown as S['UpdateAdverseEventDto'],
          }),
        );
      case 'clinic-visits':
        return call(
          api.PATCH('/api/v1/participants/{participantId}/clinic-visits/{recordId}', {
            params: pr(participantId, recordId),
            body: body as unknown as S['UpdateClinicVisitDto'],
          }),
        );
    }
  })();
  return r as unknown as RecordView;
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
  const init = { params: pr(participantId, recordId), body: { version, reason } as S['ChangeEnvelopeDto'] };
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
