import { Type } from '@nestjs/common';
import { EntityMetadata } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { PARTICIPANT_STATUSES } from '../participants/participant.entity';
import { PLANNED_VISIT_STATUSES } from '../schedule/planned-visit.entity';

/**
 * THE classification of stored columns for pseudonymised readers (issue 16 item 2: one policy for the statistician's
 * API reads and the pseudonymised exports; docs/security.md "Pseudonymisation"). The export catalog
 * (@eid/exports dataset-catalog.ts) and the eCRF record reads both ask these functions:
 * - `staff`: a user id (`…By`, `…UserId`) — names a member of staff;
 * - `free-text`: text typed by a person (not a date, number, flag, uuid, code from a code list or fixed-format
 *   string) — it may name people or places;
 * - `plain`: everything else.
 */
export type ColumnDisclosure = 'staff' | 'free-text' | 'plain';

/** Allowed values of columns that no input DTO declares (derived by the server, or plain TS unions). */
export const DERIVED_CODE_LISTS: Record<string, readonly string[]> = {
  'clinic_visit.windowFlag': ['early', 'in-window', 'late'],
  'participant.status': PARTICIPANT_STATUSES,
  'planned_visit.status': PLANNED_VISIT_STATUSES,
};

/** Strings with a fixed format, not free text (HH:MM, codes). */
export const STRUCTURED_TEXT = new Set([
  'sampledTime',
  'code',
  'kind',
  'action',
  'entityType',
  'entityId',
  'actorRole',
  'hash',
  'prevHash',
  'correlationId',
]);

const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const NOT_TEXT =
  /^(date|timestamp|timestamptz|timestamp with time zone|integer|int|smallint|int2|int4|bigint|int8|numeric|decimal|real|double precision|float|boolean|uuid)$/;

/** The database type of a column as TypeORM metadata holds it. */
export function columnDbType(c: ColumnMetadata): string {
  return typeof c.type === 'string'
    ? c.type
    : c.type === Number
      ? 'integer'
      : c.type === Boolean
        ? 'boolean'
        : c.type === Date
          ? 'timestamptz'
          : 'text';
}

/** The code list of a column: the input DTO's @ApiProperty({ enum }) (what the API validates), else a derived list. */
export function codeListOf(table: string, c: ColumnMetadata, dto: Type<object> | undefined): readonly string[] | undefined {
  const api = dto
    ? (Reflect.getMetadata(API_MODEL_PROPERTIES, dto.prototype, c.propertyName) as { enum?: unknown } | undefined)
    : undefined;
  return Array.isArray(api?.enum) ? (api!.enum as string[]) : DERIVED_CODE_LISTS[`${table}.${c.propertyName}`];
}

export function columnDisclosure(c: ColumnMetadata, hasCodeList: boolean): ColumnDisclosure {
  const dbType = columnDbType(c);
  if (dbType === 'uuid' && /By$|UserId$/.test(c.propertyName)) return 'staff';
  const textual = c.isArray || !NOT_TEXT.test(dbType);
  if (textual && !hasCodeList && !STRUCTURED_TEXT.has(c.propertyName)) return 'free-text';
  return 'plain';
}

/** Property names a pseudonymised reader never gets of an entity (staff ids and free text). */
export function withheldProperties(meta: EntityMetadata, dto: Type<object> | undefined): string[] {
  return meta.columns.filter((c) => columnDisclosure(c, !!codeListOf(meta.tableName, c, dto)) !== 'plain').map((c) => c.propertyName);
}
