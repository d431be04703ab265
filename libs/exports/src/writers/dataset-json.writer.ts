import { Writable } from 'node:stream';
import { itemGroupOidOf, METADATA_VERSION_OID } from '../dataset/oids';
import { datasetJsonColumns, datasetJsonConverter } from './dataset-json';
import { Cell, OutputColumn, TableInfo, TableSink, TableWriter } from './table-writer';
import { ZipArchive } from './zip-archive';

export type DatasetJsonVariant = 'json' | 'ndjson';

export interface DatasetJsonFile {
  /** Snapshot instant of the export, ISO 8601 UTC (datasetJSONCreationDateTime and dbLastModifiedDateTime). */
  createdAt: string;
  fileOidPrefix: string;
  studyOid: string;
  sourceSystemVersion: string;
}

/**
 * CDISC Dataset-JSON 1.1, one dataset per table (the specification allows one per file), all in one zip: `<table>.json`
 * (a JSON document whose `rows` are streamed) or `<table>.ndjson` (the metadata object on the first line, then one
 * row array per line). `records` comes first, as the specification orders it, so it is the count taken in the same
 * snapshot; a table that then yields a different number of rows fails the export rather than ship a false count.
 */
export class DatasetJsonWriter implements TableWriter {
  readonly zip: ZipArchive;

  constructor(
    out: Writable,
    private readonly variant: DatasetJsonVariant,
    private readonly file: DatasetJsonFile,
  ) {
    this.zip = new ZipArchive(out);
  }

  async table(name: string, columns: OutputColumn[], info?: TableInfo): Promise<TableSink> {
    if (!info) throw new Error(`Dataset-JSON needs the label and row count of ${name}`);
    const cols = datasetJsonColumns(name, columns, info.kind);
    const convert = cols.map((c) => datasetJsonConverter(c.dataType));
    const metadata = {
      datasetJSONCreationDateTime: this.file.createdAt,
      datasetJSONVersion: '1.1.0',
      fileOID: `${this.file.fileOidPrefix}.${itemGroupOidOf(name)}`,
      dbLastModifiedDateTime: this.file.createdAt,
      sourceSystem: { name: 'eid-trial-platform', version: this.file.sourceSystemVersion },
      studyOID: this.file.studyOid,
      metaDataVersionOID: METADATA_VERSION_OID,
      itemGroupOID: itemGroupOidOf(name),
      records: info.records,
      name,
      label: info.label,
      columns: cols,
    };
    const ndjson = this.variant === 'ndjson';
    const head = JSON.stringify(metadata);
    // JSON: the metadata object left open for "rows"; NDJSON: the metadata object is line 1.
    const entry = this.zip.bufferedEntry(`${name}.${this.variant}`, ndjson ? `${head}\n` : `${head.slice(0, -1)},"rows":[`);
    let written = 0;
    return {
      write: (row: Cell[]) => {
        const values = row.map((v, i) => convert[i](v));
        const line = JSON.stringify(values);
        const separator = ndjson ? '' : written === 0 ? '\n' : ',\n';
        written++;
        return entry.append(ndjson ? `${line}\n` : `${separator}${line}`);
      },
      end: async () => {
        if (written !== info.records) throw new Error(`Dataset-JSON ${name}: counted ${info.records} records in the snapshot but read ${written}`);
        await entry.end(ndjson ? '' : '\n]}\n');
      },
    };
  }

  async finish(): Promise<void> {
    await this.zip.finish();
  }
}
