import { Type } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FieldProblem } from '@eid/core';
import { IsoDate, Protocol } from '@eid/domain';
import { Participant } from '../participants/participant.entity';
import { EcrfRecord, RecordWarning } from './ecrf-record.base';

/** Everything an edit check may look at: the record as it would be saved, the one before, the participant, today. */
export interface EditCheckInput<T extends EcrfRecord> {
  candidate: T;
  existing: T | null;
  participant: Participant;
  protocol: Protocol;
  today: IsoDate;
  /** The writing transaction, for checks against sibling records (e.g. the infusion a trough precedes). */
  em: EntityManager;
}

/** Hard problems refuse the write (400 naming the field); warnings are stored with the record and shown. */
export interface EditCheckOutcome {
  problems: FieldProblem[];
  warnings: RecordWarning[];
}

/**
 * One eCRF form: forms differ only in entity, DTOs, audited fields and edit checks; the generic
 * `EcrfRecordService` does the rest (scoping, freeze/lock, versions, reasons, SDV, audit, hooks).
 */
export interface EcrfFormDefinition<T extends EcrfRecord = EcrfRecord> {
  /** Route segment under /participants/:participantId/ (e.g. 'troughs'). */
  path: string;
  /** Table name, also the audit entityType (e.g. 'trough_sample'). */
  entityType: string;
  /** Human label for OpenAPI and messages. */
  label: string;
  entity: Type<T>;
  createDto: Type<object>;
  updateDto: Type<object>;
  /** The response schema of the fields `derive` computes (read-only; added to the record schema next to createDto's). */
  derivedDto?: Type<object>;
  /** The clinical date the list sorts and filters on. */
  dateField: keyof T & string;
  /** Data fields copied from DTOs and audited old → new. */
  fields: ReadonlyArray<keyof T & string>;
  /** Fields computed by the server (e.g. `serious` from the criteria); audited, never accepted from input. */
  derive?(candidate: T, input: Omit<EditCheckInput<T>, 'candidate' | 'existing'> & { existing: T | null }): void | Promise<void>;
  check(input: EditCheckInput<T>): EditCheckOutcome | Promise<EditCheckOutcome>;
}

export function outcome(problems: FieldProblem[] = [], warnings: RecordWarning[] = []): EditCheckOutcome {
  return { problems, warnings };
}
