import { Type } from '@nestjs/common';
import { DataSource, EntityMetadata } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { AuditEvent } from '@eid/audit';
import { codeListOf, columnDbType, columnDisclosure, CreateScreeningDto, ECRF_FORMS, EcrfFormDefinition, Participant, PlannedVisit, PLANNED_VISIT_STATUSES, SYSTEM_FIELDS } from '@eid/trial';
import { codeLabel, CodeListItem, DatasetTable, humanise, unitOf, Variable, VariableType, YES_NO } from './variable';

/** @nestjs/swagger keeps @ApiProperty options under this metadata key (DECORATORS.API_MODEL_PROPERTIES). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';


/**
 * Tables of other capabilities that an export includes once they exist (dosing decisions, data queries): found by
 * table name in the data source's entity metadata, so no column list is copied here.
 */
const OPTIONAL_TABLES: Array<{ tableNames: string[]; name: string; label: string }> = [
  { tableNames: ['dosing_decision', 'interval_decision'], name: 'dosing_decisions', label: 'Dosing decisions' },
  { tableNames: ['data_query'], name: 'queries', label: 'Data queries' },
];

export interface CatalogOptions {
  /** Form entity types to include (ECRF_FORMS order). */
  forms: readonly string[];
  shape: 'long' | 'wide';
  includeAudit: boolean;
}

interface EntityTableOptions {
  name: string;
  label: string;
  kind: DatasetTable['kind'];
  dto?: Type<object>;
  /** Property names first, in this order. */
  first?: readonly string[];
  exclude: ReadonlySet<string>;
  identifying?: ReadonlySet<string>;
  participantJoin: 'self' | 'inner' | 'left';
  visitJoin?: boolean;
  softDelete?: boolean;
  orderBy: string;
  /** Output name of the row id (e.g. record_id); other tables keep `id`. */
  idName?: string;
  auditEntityType?: string;
}

/**
 * The ONE metadata source of every export: TypeORM entity metadata (column, type, nullability) + the eCRF form
 * definitions (which forms, which fields, the clinical date) + the input DTOs' OpenAPI metadata (descriptions,
 * code lists). Codebook, CSV/XLSX columns and ODM ItemDefs are all derived from the tables built here.
 */
export class DatasetCatalog {
  constructor(private readonly dataSource: DataSource) {}

  tables(o: CatalogOptions): DatasetTable[] {
    const forms = ECRF_FORMS.filter((f) => o.forms.includes(f.entityType));
    const formTables = forms.map((f) => this.formTable(f));
    const out: DatasetTable[] = [this.participantTable(), this.visitTable()];
    if (o.shape === 'wide') out.push(wideVisitTable(forms, formTables, this.dataSource));
    out.push(...formTables);
    for (const opt of OPTIONAL_TABLES) {
      const meta = this.dataSource.entityMetadatas.find((m) => opt.tableNames.includes(m.tableName));
      if (meta && meta.findColumnWithPropertyName('studyId')) out.push(this.optionalTable(meta, opt.name, opt.label));
    }
    if (o.includeAudit) out.push(this.auditTable());
    return out;
  }

  static formNames(): string[] {
    return ECRF_FORMS.map((f) => f.entityType);
  }

  private participantTable(): DatasetTable {
    return this.entityTable(this.dataSource.getMetadata(Participant), {
      name: 'participants',
      label: 'Participants',
      kind: 'participant',
      dto: CreateScreeningDto,
      exclude: new Set(['id', 'studyId', 'siteId', 'code', 'frozenAt', 'frozenBy', 'freezeReason', 'lastSignedAt', 'createdAt', 'createdBy', 'updatedAt', 'version']),
      identifying: new Set(['screeningNumber']),
      participantJoin: 'self',
      orderBy: 'p.code NULLS LAST, t.screening_number',
      auditEntityType: 'participant',
    });
  }

  private visitTable(): DatasetTable {
    return this.entityTable(this.dataSource.getMetadata(PlannedVisit), {
      name: 'visits',
      label: 'Planned visits',
      kind: 'record',
      first: ['number'],
      exclude: new Set(['id', 'studyId', 'siteId', 'participantId', 'frozenAt', 'frozenBy', 'freezeReason', 'createdAt', 'updatedAt', 'version']),
      participantJoin: 'inner',
      orderBy: 't.participant_id, t.number',
      auditEntityType: 'planned_visit',
    });
  }

  private formTable(f: EcrfFormDefinition<any>): DatasetTable {
    const meta = this.dataSource.getMetadata(f.entity);
    const date = meta.findColumnWithPropertyName(f.dateField)!.databaseName;
    return this.entityTable(meta, {
      name: f.entityType,
      label: f.label,
      kind: 'record',
      dto: f.createDto,
      first: ['id', ...f.fields],
      exclude: new Set([...SYSTEM_FIELDS.filter((s) => s !== 'id' && s !== 'version' && s !== 'verifiedAt'), 'plannedVisitId']),
      participantJoin: 'inner',
      idName: 'record_id',
      visitJoin: true,
      auditEntityType: f.entityType,
      softDelete: true,
      orderBy: `t.participant_id, t.${date}, t.id`,
    });
  }

  private optionalTable(meta: EntityMetadata, name: string, label: string): DatasetTable {
    const hasParticipant = !!meta.findColumnWithPropertyName('participantId');
    const people = meta.columns.filter((c) => /By$|UserId$/.test(c.propertyName)).map((c) => c.propertyName);
    return this.entityTable(meta, {
      name,
      label,
      kind: hasParticipant ? 'record' : 'study',
      exclude: new Set(['studyId', 'siteId', 'participantId']),
      identifying: new Set(people),
      participantJoin: hasParticipant ? 'left' : 'left',
      softDelete: !!meta.findColumnWithPropertyName('deletedAt'),
      orderBy: hasParticipant ? 't.participant_id, t.id' : 't.id',
    });
  }

  /** Data managers only, never pseudonymised (the trail names people and holds raw values). */
  private auditTable(): DatasetTable {
    return this.entityTable(this.dataSource.getMetadata(AuditEvent), {
      name: 'audit_trail',
      label: 'Audit trail',
      kind: 'study',
      first: ['seq', 'occurredAt'],
      exclude: new Set(['id', 'chain', 'studyId', 'siteId', 'participantId']),
      participantJoin: 'left',
      orderBy: 't.seq',
    });
  }

  private entityTable(meta: EntityMetadata, o: EntityTableOptions): DatasetTable {
    const table = meta.tableName;
    const first = o.first ?? [];
    const columns = [
      ...first.map((p) => meta.findColumnWithPropertyName(p)!).filter(Boolean),
      ...meta.columns.filter((c) => !first.includes(c.propertyName) && !o.exclude.has(c.propertyName) && !c.relationMetadata),
    ];
    const seen = new Set<string>();
    const data = columns
      .filter((c) => !seen.has(c.databaseName) && seen.add(c.databaseName))
      .map((c) => columnVariable(table, c, o.dto, o.identifying?.has(c.propertyName) ?? false));
    const hasSite = !!meta.findColumnWithPropertyName('siteId');
    const keys: Variable[] = [
      { name: 'participant_code', label: 'Participant code', type: 'text', sql: 'p.code', description: 'Pseudonymous participant code allocated at enrolment' },
      { name: 'participant_id', label: 'Participant id', type: 'text', sql: 'p.id', identifying: true, description: 'Internal participant id (identifies the database row)' },
    ];
    if (hasSite) keys.push({ name: 'site_code', label: 'Site', type: 'text', sql: 's.code' });
    if (o.visitJoin) keys.push({ name: 'visit_number', label: 'Planned visit number', type: 'integer', sql: 'v.number' });
    const renamed = data.map((v) =>
      v.name === 'id' && o.idName ? { ...v, name: o.idName, label: humanise(o.idName) } : v.name === 'version' ? { ...v, name: 'record_version', label: 'Record version', description: 'Incremented by every saved change' } : v,
    );
    const variables = [...keys.filter((k) => !renamed.some((r) => r.name === k.name)), ...renamed];
    const participantJoin =
      o.participantJoin === 'self' ? 'JOIN participant p ON p.id = t.id' : `${o.participantJoin === 'inner' ? 'JOIN' : 'LEFT JOIN'} participant p ON p.id = t.participant_id`;
    const siteExpr = hasSite ? 't.site_id' : 'p.site_id';
    const siteFilter = o.participantJoin === 'left' && hasSite ? `(t.site_id IS NULL OR t.site_id = ANY($2))` : `${siteExpr} = ANY($2)`;
    const from = [
      `FROM ${table} t`,
      participantJoin,
      hasSite ? 'LEFT JOIN site s ON s.id = t.site_id' : '',
      o.visitJoin ? 'LEFT JOIN planned_visit v ON v.id = t.planned_visit_id' : '',
      `WHERE t.study_id = $1 AND ($2::uuid[] IS NULL OR ${siteFilter})`,
      `AND (NOT $3::boolean OR p.code IS NOT NULL)`,
      o.softDelete ? 'AND t.deleted_at IS NULL' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const participantIdSql = o.participantJoin === 'self' ? 't.id' : 'p.id';
    return { name: o.name, label: o.label, kind: o.kind, variables, from, orderBy: o.orderBy, participantIdSql, auditEntityType: o.auditEntityType };
  }
}

function columnVariable(table: string, c: ColumnMetadata, dto: Type<object> | undefined, identifying: boolean): Variable {
  const prop = c.propertyName;
  const api = dto ? (Reflect.getMetadata(API_MODEL_PROPERTIES, dto.prototype, prop) as { description?: string; enum?: unknown } | undefined) : undefined;
  const dbType = columnDbType(c);
  const col = `t.${c.databaseName}`;
  const enumValues = codeListOf(table, c, dto);
  let type: VariableType;
  let sql: string;
  let codeList: readonly CodeListItem[] | undefined = enumValues?.map((code) => ({ code: String(code), label: codeLabel(String(code)) }));
  if (c.isArray) {
    type = 'text';
    sql = `array_to_string(${col}, ';')`;
  } else if (dbType === 'date') {
    type = 'date';
    sql = `${col}::text`;
  } else if (/timestamp/.test(dbType)) {
    type = 'datetime';
    // ISO 8601 in UTC with an explicit Z (STYLE.md: instants are UTC).
    sql = `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  } else if (['integer', 'int', 'smallint', 'int4', 'int2'].includes(dbType)) {
    type = 'integer';
    sql = col;
  } else if (['bigint', 'int8'].includes(dbType)) {
    type = 'integer';
    sql = `${col}::text`;
  } else if (['numeric', 'decimal', 'real', 'double precision', 'float'].includes(dbType)) {
    type = 'float';
    sql = `${col}::text`;
  } else if (dbType === 'boolean') {
    type = 'boolean';
    sql = `${col}::int`;
    codeList = YES_NO;
  } else {
    type = 'text';
    sql = dbType === 'jsonb' || dbType === 'json' ? `${col}::text` : dbType === 'uuid' ? `${col}::text` : col;
  }
  const arrayWithCodes = c.isArray && codeList;
  return {
    name: c.databaseName,
    label: humanise(prop),
    type,
    unit: unitOf(prop),
    description: [api?.description, c.isArray ? 'several values separated by ";"' : undefined, dbType.startsWith('json') ? 'JSON' : undefined].filter(Boolean).join('; ') || undefined,
    // A multi-valued column keeps its code list for the codebook, but has no single label to add.
    codeList: arrayWithCodes ? undefined : codeList,
    ...(arrayWithCodes ? { description: `${api?.description ? `${api.description}; ` : ''}several of: ${codeList!.map((i) => i.code).join(', ')} separated by ";"` } : {}),
    sql,
    // One classification with the statistician's API reads (@eid/trial column-disclosure.ts).
    identifying: identifying || columnDisclosure(c, !!codeList) === 'staff',
    freeText: columnDisclosure(c, !!enumValues) === 'free-text',
    recordKey: dbType === 'uuid' && !identifying && columnDisclosure(c, false) !== 'staff',
  };
}

/**
 * Wide shape: one row per participant × planned visit, each selected form's fields side by side (prefixed with the
 * form). A record belongs to a visit when linked to it, else when its clinical date falls in the visit window;
 * the first one is shown and `<form>_n` counts them — the per-form tables of the same export hold every record.
 */
function wideVisitTable(forms: EcrfFormDefinition<any>[], formTables: DatasetTable[], ds: DataSource): DatasetTable {
  const variables: Variable[] = [
    { name: 'participant_code', label: 'Participant code', type: 'text', sql: 'p.code' },
    { name: 'participant_id', label: 'Participant id', type: 'text', sql: 'p.id', identifying: true },
    { name: 'site_code', label: 'Site', type: 'text', sql: 's.code' },
    { name: 'visit_number', label: 'Planned visit number', type: 'integer', sql: 'w.number' },
    { name: 'visit_target_date', label: 'Visit target date', type: 'date', sql: 'w.target_date::text' },
    { name: 'visit_status', label: 'Visit status', type: 'text', sql: 'w.status', codeList: PLANNED_VISIT_STATUSES.map((c) => ({ code: c, label: codeLabel(c) })) },
  ];
  const joins: string[] = [];
  forms.forEach((f, i) => {
    const table = formTables[i];
    const date = ds.getMetadata(f.entity).findColumnWithPropertyName(f.dateField)!.databaseName;
    const data = table.variables.filter((v) => !['participant_code', 'participant_id', 'site_code', 'visit_number'].includes(v.name));
    const alias = `f${i}`;
    joins.push(
      `LEFT JOIN LATERAL (SELECT ${data.map((v, j) => `${v.sql} AS c${j}`).join(', ')}, count(*) OVER () AS n FROM ${f.entityType} t ` +
        `WHERE t.participant_id = w.participant_id AND t.deleted_at IS NULL ` +
        `AND (t.planned_visit_id = w.id OR (t.planned_visit_id IS NULL AND t.${date} BETWEEN w.window_from AND w.window_to)) ORDER BY t.${date}, t.id LIMIT 1) ${alias} ON true`,
    );
    variables.push({ name: `${f.entityType}_n`, label: `${f.label}: records in this visit`, type: 'integer', sql: `coalesce(${alias}.n, 0)::int` });
    data.forEach((v, j) => variables.push({ ...v, name: `${f.entityType}_${v.name}`, label: `${f.label}: ${v.label}`, sql: `${alias}.c${j}` }));
  });
  const from = [
    'FROM planned_visit w JOIN participant p ON p.id = w.participant_id LEFT JOIN site s ON s.id = w.site_id',
    ...joins,
    'WHERE w.study_id = $1 AND ($2::uuid[] IS NULL OR w.site_id = ANY($2)) AND (NOT $3::boolean OR p.code IS NOT NULL)',
  ].join(' ');
  const countFrom =
    'FROM planned_visit w JOIN participant p ON p.id = w.participant_id WHERE w.study_id = $1 AND ($2::uuid[] IS NULL OR w.site_id = ANY($2)) AND (NOT $3::boolean OR p.code IS NOT NULL)';
  return { name: 'visit_wide', label: 'One row per participant and planned visit', kind: 'record', variables, from, countFrom, orderBy: 'w.participant_id, w.number', participantIdSql: 'p.id' };
}
