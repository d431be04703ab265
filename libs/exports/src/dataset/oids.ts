/**
 * OIDs shared by every CDISC format of an export (ODM ItemDef/@OID, Dataset-JSON itemOID), so a Dataset-JSON
 * column and the ODM item of the same variable carry the same identifier.
 */
export const oidPart = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
export const itemGroupOidOf = (table: string) => `IG.${oidPart(table)}`;
export const itemOidOf = (table: string, variable: string) => `IT.${oidPart(table)}.${oidPart(variable)}`;
export const studyOidOf = (studyCode: string) => `S.${studyCode}`;
export const METADATA_VERSION_OID = 'MDV.1';
