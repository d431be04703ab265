/**
 * Answers of the administration endpoints that declare no response schema (libs/identity admin services),
 * restated from the API's JSON. The access review is typed from the OpenAPI document.
 */
export interface AdminStudyView {
  id: string;
  code: string;
  title: string;
  protocolId: string;
  protocolVersion: string;
  status: string;
  mfaRequiredRoles: string[];
  version: number;
}

export interface AdminSiteView {
  id: string;
  code: string;
  name: string;
  country: string;
  timezone: string;
  version: number;
}

export interface AdminStudySiteView {
  id: string;
  studyId: string;
  siteId: string;
  principalInvestigatorUserId: string | null;
  site: AdminSiteView;
}

export interface AdminMembershipView {
  id: string;
  userId: string;
  studyId: string;
  role: string;
  siteId: string | null;
  createdAt: string;
}

export interface AdminUserView {
  id: string;
  email: string;
  displayName: string;
  status: 'active' | 'deactivated';
  isAdmin: boolean;
  ssoOnly: boolean;
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  lockedUntil: string | null;
  createdAt: string;
  version: number;
  memberships?: AdminMembershipView[];
}
