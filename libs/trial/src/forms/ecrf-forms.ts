import { Controller } from '@nestjs/common';
import { ADVERSE_EVENT_FORM } from './adverse-event/adverse-event.form';
import { CLINIC_VISIT_FORM } from './clinic-visit/clinic-visit.form';
import { EcrfFormDefinition } from './ecrf-form.definition';
import { ecrfFormController } from './ecrf-form.controller';
import { EDSS_FORM } from './edss/edss.form';
import { INFUSION_FORM } from './infusion/infusion.form';
import { JCV_FORM } from './jcv/jcv.form';
import { MRI_FORM } from './mri/mri.form';
import { RELAPSE_FORM } from './relapse/relapse.form';
import { TROUGH_FORM } from './trough/trough.form';

/** Every eCRF form, by route segment. Queries and signatures address records as (form, recordId). */
export const ECRF_FORMS: readonly EcrfFormDefinition<any>[] = [
  INFUSION_FORM,
  TROUGH_FORM,
  JCV_FORM,
  RELAPSE_FORM,
  MRI_FORM,
  EDSS_FORM,
  ADVERSE_EVENT_FORM,
  CLINIC_VISIT_FORM,
];

export function ecrfFormByPath(path: string): EcrfFormDefinition<any> | undefined {
  return ECRF_FORMS.find((f) => f.path === path);
}

export function ecrfFormByEntityType(entityType: string): EcrfFormDefinition<any> | undefined {
  return ECRF_FORMS.find((f) => f.entityType === entityType);
}

const route = (f: EcrfFormDefinition<any>) => `v1/participants/:participantId/${f.path}`;

@Controller(route(INFUSION_FORM))
export class InfusionsController extends ecrfFormController(INFUSION_FORM) {}
@Controller(route(TROUGH_FORM))
export class TroughsController extends ecrfFormController(TROUGH_FORM) {}
@Controller(route(JCV_FORM))
export class JcvController extends ecrfFormController(JCV_FORM) {}
@Controller(route(RELAPSE_FORM))
export class RelapsesController extends ecrfFormController(RELAPSE_FORM) {}
@Controller(route(MRI_FORM))
export class MriController extends ecrfFormController(MRI_FORM) {}
@Controller(route(EDSS_FORM))
export class EdssController extends ecrfFormController(EDSS_FORM) {}
@Controller(route(ADVERSE_EVENT_FORM))
export class AdverseEventsController extends ecrfFormController(ADVERSE_EVENT_FORM) {}
@Controller(route(CLINIC_VISIT_FORM))
export class ClinicVisitsController extends ecrfFormController(CLINIC_VISIT_FORM) {}

export const ECRF_FORM_CONTROLLERS = [
  InfusionsController,
  TroughsController,
  JcvController,
  RelapsesController,
  MriController,
  EdssController,
  AdverseEventsController,
  ClinicVisitsController,
];
