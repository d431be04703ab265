import { once } from 'node:events';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DatasetTable, Variable } from '../dataset/variable';
import { itemGroupOidOf, itemOidOf, METADATA_VERSION_OID, oidPart } from '../dataset/oids';
import { ItemVersion, OdmAuditRef } from './odm-history';
import { tag, xmlEscape } from './xml';

export const ODM_NS = 'http://www.cdisc.org/ns/odm/v1.3';
const CHUNK_CHARS = 64 * 1024;

/**
 * Where a table's records sit in a subject: the participant form at enrolment, a planned visit's record (and every
 * form record linked to that visit) in that visit's repeat of the repeating visit event, the rest (records linked
 * to no planned visit, other per-participant tables) in one unscheduled event.
 */
export type OdmPlacement = 'enrolment' | 'visit' | 'visit-or-unscheduled' | 'unscheduled';

export interface OdmTable {
  table: DatasetTable;
  variables: Variable[];
  placement: OdmPlacement;
}

export interface OdmUser {
  oid: string;
  displayName: string;
  email?: string | null;
}

export interface OdmLocation {
  oid: string;
  name: string;
  type: 'Site' | 'Sponsor';
}

export interface OdmStudy {
  fileOid: string;
  studyOid: string;
  studyName: string;
  protocolName: string;
  description: string;
  creationDateTime: string;
  tables: OdmTable[];
  /** Transactional when the file carries the change history (old values, reasons); Snapshot otherwise. */
  fileType: 'Snapshot' | 'Transactional';
  users: OdmUser[];
  locations: OdmLocation[];
}

export interface OdmAuditRecord extends OdmAuditRef {
  id: string;
}

/** Which study event (and which repeat of it) a form record belongs to. */
export interface OdmEventKey {
  eventOid: string;
  eventRepeatKey: number | null;
  formRepeatKey: number | null;
}

export const formOid = (t: DatasetTable) => `F.${oidPart(t.name)}`;
export const itemGroupOid = (t: DatasetTable) => itemGroupOidOf(t.name);
export const itemOid = (t: DatasetTable, v: Variable) => itemOidOf(t.name, v.name);
const codeListOid = (t: DatasetTable, v: Variable) => `CL.${oidPart(t.name)}.${oidPart(v.name)}`;
const unitOid = (unit: string) => `MU.${oidPart(unit.replace('µ', 'U'))}`;
export const STUDY_EVENTS = {
  enrolment: { oid: 'SE.ENROLMENT', name: 'Enrolment', repeating: 'No', type: 'Common' },
  visit: { oid: 'SE.VISIT', name: 'Planned visit (repeat key = visit number)', repeating: 'Yes', type: 'Scheduled' },
  unscheduled: { oid: 'SE.UNSCHEDULED', name: 'Records not linked to a planned visit', repeating: 'No', type: 'Unscheduled' },
} as const;

/** Booleans travel as 1/0 with a Yes/No code list: ODM code lists may only be integer, float, text or string. */
const odmDataType = (v: Variable) => (v.type === 'boolean' ? 'integer' : v.type);
const text = (s: string) => `<TranslatedText xml:lang="en">${xmlEscape(s)}</TranslatedText>`;

/** The form refs of each study event, in table order. */
function eventForms(tables: OdmTable[]): Record<keyof typeof STUDY_EVENTS, OdmTable[]> {
  return {
    enrolment: tables.filter((t) => t.placement === 'enrolment'),
    visit: tables.filter((t) => t.placement === 'visit' || t.placement === 'visit-or-unscheduled'),
    unscheduled: tables.filter((t) => t.placement === 'unscheduled' || t.placement === 'visit-or-unscheduled'),
  };
}

export function auditRecordXml(r: OdmAuditRef, id?: string): string {
  return (
    tag('AuditRecord', { EditPoint: 'DBAudit', UsedImputationMethod: 'No', ID: id }) +
    tag('UserRef', { UserOID: r.userOid }, true) +
    tag('LocationRef', { LocationOID: r.locationOid }, true) +
    `<DateTimeStamp>${xmlEscape(r.dateTimeStamp)}</DateTimeStamp>` +
    (r.reasonForChange ? `<ReasonForChange>${xmlEscape(r.reasonForChange)}</ReasonForChange>` : '') +
    `<SourceID>${xmlEscape(r.sourceId)}</SourceID></AuditRecord>`
  );
}

/**
 * CDISC ODM 1.3.2, written as a stream: study metadata (three study events — enrolment, the repeating planned
 * visit, unscheduled — FormDef/ItemGroupDef/ItemDef/CodeList, MeasurementUnit), AdminData (the users and
 * locations that SiteRef and AuditRecords point at), then one SubjectData per participant as the rows arrive
 * (ordered by participant, event, visit), then the audit trail as ClinicalData/AuditRecords when asked. With the
 * audit trail, each item carries its history the ODM way: one ItemData per value it had, oldest first, each with
 * TransactionType and its own AuditRecord (user, location, time, ReasonForChange). Nothing is held beyond a chunk.
 */
export class OdmWriter {
  private buffer = '';
  private readonly done: Promise<void>;
  private subjectOpen = false;
  private eventOpen: string | null = null;
  /** In a Transactional file an item without audited history is sent as context (ODM TransactionType "Context"). */
  private unchanged: 'Context' | undefined;

  constructor(private readonly out: Writable) {
    this.done = finished(out);
  }

  async begin(s: OdmStudy): Promise<void> {
    this.unchanged = s.fileType === 'Transactional' ? 'Context' : undefined;
    this.push('<?xml version="1.0" encoding="UTF-8"?>\n');
    this.push(
      tag('ODM', { xmlns: ODM_NS, FileType: s.fileType, Granularity: 'All', FileOID: s.fileOid, CreationDateTime: s.creationDateTime, ODMVersion: '1.3.2', SourceSystem: 'eid-trial-platform' }) + '\n',
    );
    this.push(tag('Study', { OID: s.studyOid }));
    this.push(`<GlobalVariables><StudyName>${xmlEscape(s.studyName)}</StudyName><StudyDescription>${xmlEscape(s.description)}</StudyDescription><ProtocolName>${xmlEscape(s.protocolName)}</ProtocolName></GlobalVariables>`);
    const units = [...new Set(s.tables.flatMap((t) => t.variables.map((v) => v.unit).filter((u): u is string => !!u)))];
    if (units.length) {
      this.push('<BasicDefinitions>');
      for (const u of units) this.push(`${tag('MeasurementUnit', { OID: unitOid(u), Name: u })}<Symbol>${text(u)}</Symbol></MeasurementUnit>`);
      this.push('</BasicDefinitions>');
    }
    this.push(tag('MetaDataVersion', { OID: METADATA_VERSION_OID, Name: `${s.studyName} export metadata` }));
    const events = Object.entries(eventForms(s.tables)).filter(([, forms]) => forms.length > 0) as Array<[keyof typeof STUDY_EVENTS, OdmTable[]]>;
    this.push('<Protocol>');
    events.forEach(([e], i) => this.push(tag('StudyEventRef', { StudyEventOID: STUDY_EVENTS[e].oid, OrderNumber: i + 1, Mandatory: e === 'enrolment' ? 'Yes' : 'No' }, true)));
    this.push('</Protocol>');
    for (const [e, forms] of events) {
      const d = STUDY_EVENTS[e];
      this.push(tag('StudyEventDef', { OID: d.oid, Name: d.name, Repeating: d.repeating, Type: d.type }));
      forms.forEach((t, i) => this.push(tag('FormRef', { FormOID: formOid(t.table), OrderNumber: i + 1, Mandatory: 'No' }, true)));
      this.push('</StudyEventDef>');
    }
    for (const t of s.tables) {
      // One participant form per subject and one planned-visit form per visit repeat; every other form repeats.
      const repeating = t.placement === 'enrolment' || t.placement === 'visit' ? 'No' : 'Yes';
      this.push(tag('FormDef', { OID: formOid(t.table), Name: t.table.label, Repeating: repeating }));
      this.push(tag('ItemGroupRef', { ItemGroupOID: itemGroupOid(t.table), Mandatory: 'Yes' }, true) + '</FormDef>');
    }
    for (const t of s.tables) {
      this.push(tag('ItemGroupDef', { OID: itemGroupOid(t.table), Name: t.table.name, Repeating: 'No' }));
      t.variables.forEach((v, i) => this.push(tag('ItemRef', { ItemOID: itemOid(t.table, v), OrderNumber: i + 1, Mandatory: 'No' }, true)));
      this.push('</ItemGroupDef>');
    }
    for (const t of s.tables) {
      for (const v of t.variables) {
        this.push(tag('ItemDef', { OID: itemOid(t.table, v), Name: v.name, DataType: odmDataType(v) }));
        if (v.description) this.push(`<Description>${text(v.description)}</Description>`);
        this.push(`<Question>${text(v.label)}</Question>`);
        if (v.unit) this.push(tag('MeasurementUnitRef', { MeasurementUnitOID: unitOid(v.unit) }, true));
        if (v.codeList) this.push(tag('CodeListRef', { CodeListOID: codeListOid(t.table, v) }, true));
        this.push('</ItemDef>');
      }
    }
    for (const t of s.tables) {
      for (const v of t.variables.filter((x) => x.codeList)) {
        this.push(tag('CodeList', { OID: codeListOid(t.table, v), Name: v.label, DataType: v.type === 'boolean' || v.type === 'integer' ? 'integer' : 'text' }));
        for (const c of v.codeList!) this.push(`${tag('CodeListItem', { CodedValue: c.code })}<Decode>${text(c.label)}</Decode></CodeListItem>`);
        this.push('</CodeList>');
      }
    }
    this.push('</MetaDataVersion></Study>\n');
    this.adminData(s);
    this.push(tag('ClinicalData', { StudyOID: s.studyOid, MetaDataVersionOID: METADATA_VERSION_OID }) + '\n');
    await this.flushIfFull();
  }

  /** Opens a participant's SubjectData (closing the previous one) with the site it belongs to. */
  startSubject(subjectKey: string, siteLocationOid: string): void {
    this.endSubject();
    this.push(tag('SubjectData', { SubjectKey: subjectKey }) + tag('SiteRef', { LocationOID: siteLocationOid }, true));
    this.subjectOpen = true;
  }

  /**
   * One form record in its study event; `values` aligned with the table's variables (null = not collected).
   * `histories` (item index → versions, oldest first) turns each audited item into its sequence of values.
   */
  async form(t: OdmTable, key: OdmEventKey, values: Array<string | number | null>, histories?: Map<number, ItemVersion[]>): Promise<void> {
    const event = `${key.eventOid}#${key.eventRepeatKey ?? ''}`;
    if (this.eventOpen !== event) {
      if (this.eventOpen) this.push('</StudyEventData>');
      this.push(tag('StudyEventData', { StudyEventOID: key.eventOid, StudyEventRepeatKey: key.eventRepeatKey ?? undefined }));
      this.eventOpen = event;
    }
    let s = tag('FormData', { FormOID: formOid(t.table), FormRepeatKey: key.formRepeatKey ?? undefined }) + tag('ItemGroupData', { ItemGroupOID: itemGroupOid(t.table) });
    t.variables.forEach((v, i) => {
      const value = values[i] === '' ? null : values[i];
      const versions = histories?.get(i);
      const oid = itemOid(t.table, v);
      if (!versions?.length) {
        if (value !== null && value !== undefined) s += tag('ItemData', { ItemOID: oid, TransactionType: this.unchanged, Value: value }, true);
        return;
      }
      // Earlier values as audited; the last one is the exported value (formatted, date-shifted as the rest).
      versions.forEach((ver, j) => {
        const last = j === versions.length - 1;
        const shown = last ? value : ver.value;
        const type = last && value === null ? 'Remove' : last && ver.transactionType === 'Remove' ? 'Update' : ver.transactionType;
        s += tag('ItemData', { ItemOID: oid, TransactionType: type, Value: shown ?? undefined }) + auditRecordXml(ver.audit) + '</ItemData>';
      });
    });
    this.push(s + '</ItemGroupData></FormData>');
    await this.flushIfFull();
  }

  endSubject(): void {
    if (this.eventOpen) this.push('</StudyEventData>');
    this.eventOpen = null;
    if (this.subjectOpen) this.push('</SubjectData>\n');
    this.subjectOpen = false;
  }

  async auditRecords(records: AsyncIterable<OdmAuditRecord>): Promise<void> {
    this.endSubject();
    this.push('<AuditRecords>');
    for await (const r of records) {
      this.push(auditRecordXml(r, r.id));
      await this.flushIfFull();
    }
    this.push('</AuditRecords>\n');
  }

  async finish(): Promise<void> {
    this.endSubject();
    this.push('</ClinicalData>\n</ODM>\n');
    await this.flush();
    this.out.end();
    await this.done;
  }

  /** Users before locations (ODM order); every location refers to the metadata version it uses. */
  private adminData(s: OdmStudy): void {
    this.push(tag('AdminData', { StudyOID: s.studyOid }));
    for (const u of s.users) {
      this.push(`${tag('User', { OID: u.oid })}<DisplayName>${xmlEscape(u.displayName)}</DisplayName>${u.email ? `<Email>${xmlEscape(u.email)}</Email>` : ''}</User>`);
    }
    for (const l of s.locations) {
      this.push(
        tag('Location', { OID: l.oid, Name: l.name, LocationType: l.type }) +
          tag('MetaDataVersionRef', { StudyOID: s.studyOid, MetaDataVersionOID: METADATA_VERSION_OID, EffectiveDate: s.creationDateTime.slice(0, 10) }, true) +
          '</Location>',
      );
    }
    this.push('</AdminData>\n');
  }

  private push(s: string): void {
    this.buffer += s;
  }

  private async flushIfFull(): Promise<void> {
    if (this.buffer.length >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buffer) return;
    const ok = this.out.write(this.buffer);
    this.buffer = '';
    if (!ok) await once(this.out, 'drain');
  }
}
