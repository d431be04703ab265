import { once } from 'node:events';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DatasetTable, Variable } from '../dataset/variable';
import { itemGroupOidOf, itemOidOf, METADATA_VERSION_OID, oidPart } from '../dataset/oids';
import { tag, xmlEscape } from './xml';

export const ODM_NS = 'http://www.cdisc.org/ns/odm/v1.3';
const CHUNK_CHARS = 64 * 1024;

export interface OdmTable {
  table: DatasetTable;
  variables: Variable[];
}

export interface OdmStudy {
  fileOid: string;
  studyOid: string;
  studyName: string;
  protocolName: string;
  description: string;
  creationDateTime: string;
  tables: OdmTable[];
}

export interface OdmAuditRecord {
  id: string;
  userOid: string;
  locationOid: string;
  dateTimeStamp: string;
  reasonForChange: string | null;
  sourceId: string;
}

export const formOid = (t: DatasetTable) => `F.${oidPart(t.name)}`;
export const itemGroupOid = (t: DatasetTable) => itemGroupOidOf(t.name);
export const itemOid = (t: DatasetTable, v: Variable) => itemOidOf(t.name, v.name);
const codeListOid = (t: DatasetTable, v: Variable) => `CL.${oidPart(t.name)}.${oidPart(v.name)}`;
const unitOid = (unit: string) => `MU.${oidPart(unit.replace('µ', 'U'))}`;
export const STUDY_EVENT_OID = 'SE.TRIAL';

/** Booleans travel as 1/0 with a Yes/No code list: ODM code lists may only be integer, float, text or string. */
const odmDataType = (v: Variable) => (v.type === 'boolean' ? 'integer' : v.type);

/**
 * CDISC ODM 1.3.2 Snapshot, written as a stream: study metadata (StudyEventDef/FormDef/ItemGroupDef/ItemDef/
 * CodeList, MeasurementUnit) first, then one SubjectData per participant as the rows arrive (ordered by
 * participant), then the audit trail as ClinicalData/AuditRecords when asked. Nothing is held beyond one chunk.
 */
export class OdmWriter {
  private buffer = '';
  private readonly done: Promise<void>;
  private subjectOpen = false;

  constructor(private readonly out: Writable) {
    this.done = finished(out);
  }

  async begin(s: OdmStudy): Promise<void> {
    this.push('<?xml version="1.0" encoding="UTF-8"?>\n');
    this.push(
      tag('ODM', {
        xmlns: ODM_NS,
        FileType: 'Snapshot',
        Granularity: 'All',
        FileOID: s.fileOid,
        CreationDateTime: s.creationDateTime,
        ODMVersion: '1.3.2',
        SourceSystem: 'eid-trial-platform',
      }) + '\n',
    );
    this.push(tag('Study', { OID: s.studyOid }));
    this.push(
      `<GlobalVariables><StudyName>${xmlEscape(s.studyName)}</StudyName><StudyDescription>${xmlEscape(s.description)}</StudyDescription>` +
        `<ProtocolName>${xmlEscape(s.protocolName)}</ProtocolName></GlobalVariables>`,
    );
    const units = [...new Set(s.tables.flatMap((t) => t.variables.map((v) => v.unit).filter((u): u is string => !!u)))];
    if (units.length) {
      this.push('<BasicDefinitions>');
      for (const u of units) this.push(`${tag('MeasurementUnit', { OID: unitOid(u), Name: u })}<Symbol><TranslatedText xml:lang="en">${xmlEscape(u)}</TranslatedText></Symbol></MeasurementUnit>`);
      this.push('</BasicDefinitions>');
    }
    this.push(tag('MetaDataVersion', { OID: METADATA_VERSION_OID, Name: `${s.studyName} export metadata` }));
    this.push(`<Protocol>${tag('StudyEventRef', { StudyEventOID: STUDY_EVENT_OID, OrderNumber: 1, Mandatory: 'Yes' }, true)}</Protocol>`);
    this.push(tag('StudyEventDef', { OID: STUDY_EVENT_OID, Name: 'Trial participation', Repeating: 'No', Type: 'Common' }));
    s.tables.forEach((t, i) => this.push(tag('FormRef', { FormOID: formOid(t.table), OrderNumber: i + 1, Mandatory: 'No' }, true)));
    this.push('</StudyEventDef>');
    for (const t of s.tables) {
      this.push(tag('FormDef', { OID: formOid(t.table), Name: t.table.label, Repeating: t.table.kind === 'participant' ? 'No' : 'Yes' }));
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
        if (v.description) this.push(`<Description><TranslatedText xml:lang="en">${xmlEscape(v.description)}</TranslatedText></Description>`);
        this.push(`<Question><TranslatedText xml:lang="en">${xmlEscape(v.label)}</TranslatedText></Question>`);
        if (v.unit) this.push(tag('MeasurementUnitRef', { MeasurementUnitOID: unitOid(v.unit) }, true));
        if (v.codeList) this.push(tag('CodeListRef', { CodeListOID: codeListOid(t.table, v) }, true));
        this.push('</ItemDef>');
      }
    }
    for (const t of s.tables) {
      for (const v of t.variables.filter((x) => x.codeList)) {
        this.push(tag('CodeList', { OID: codeListOid(t.table, v), Name: v.label, DataType: v.type === 'boolean' || v.type === 'integer' ? 'integer' : 'text' }));
        for (const c of v.codeList!) this.push(`${tag('CodeListItem', { CodedValue: c.code })}<Decode><TranslatedText xml:lang="en">${xmlEscape(c.label)}</TranslatedText></Decode></CodeListItem>`);
        this.push('</CodeList>');
      }
    }
    this.push('</MetaDataVersion></Study>\n');
    this.push(tag('ClinicalData', { StudyOID: s.studyOid, MetaDataVersionOID: METADATA_VERSION_OID }) + '\n');
    await this.flushIfFull();
  }

  /** Opens a participant's SubjectData (closing the previous one) and its single study event. */
  startSubject(subjectKey: string): void {
    this.endSubject();
    this.push(`${tag('SubjectData', { SubjectKey: subjectKey })}${tag('StudyEventData', { StudyEventOID: STUDY_EVENT_OID })}`);
    this.subjectOpen = true;
  }

  /** One form record; `values` aligned with the table's variables (null = not collected, no ItemData). */
  async form(t: OdmTable, repeatKey: number | null, values: Array<string | number | null>): Promise<void> {
    let s = tag('FormData', { FormOID: formOid(t.table), FormRepeatKey: repeatKey ?? undefined }) + tag('ItemGroupData', { ItemGroupOID: itemGroupOid(t.table) });
    t.variables.forEach((v, i) => {
      const value = values[i];
      if (value !== null && value !== undefined && value !== '') s += tag('ItemData', { ItemOID: itemOid(t.table, v), Value: value }, true);
    });
    this.push(s + '</ItemGroupData></FormData>');
    await this.flushIfFull();
  }

  endSubject(): void {
    if (this.subjectOpen) this.push('</StudyEventData></SubjectData>\n');
    this.subjectOpen = false;
  }

  async auditRecords(records: AsyncIterable<OdmAuditRecord>): Promise<void> {
    this.endSubject();
    this.push('<AuditRecords>');
    for await (const r of records) {
      this.push(
        tag('AuditRecord', { ID: r.id, EditPoint: 'DBAudit', UsedImputationMethod: 'No' }) +
          tag('UserRef', { UserOID: r.userOid }, true) +
          tag('LocationRef', { LocationOID: r.locationOid }, true) +
          `<DateTimeStamp>${xmlEscape(r.dateTimeStamp)}</DateTimeStamp>` +
          (r.reasonForChange ? `<ReasonForChange>${xmlEscape(r.reasonForChange)}</ReasonForChange>` : '') +
          `<SourceID>${xmlEscape(r.sourceId)}</SourceID></AuditRecord>`,
      );
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
