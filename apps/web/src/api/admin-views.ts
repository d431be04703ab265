import type { components } from './schema';

/** Answers of the administration endpoints, from the OpenAPI document (libs/identity admin-responses.dto.ts). */
type S = components['schemas'];

export type AdminStudyView = S['StudyDto'];
export type AdminSiteView = S['SiteDto'];
export type AdminStudySiteView = S['StudySiteWithSiteDto'];
export type AdminMembershipView = S['MembershipDto'];
export type AdminUserView = S['UserViewDto'] & { memberships?: AdminMembershipView[] };
