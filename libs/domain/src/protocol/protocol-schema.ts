import schemaJson from '../../../../protocols/protocol.schema.json';

/**
 * The JSON Schema every protocol file must satisfy (protocols/protocol.schema.json, draft-07).
 * Exported so the API/CLI can publish it; parseProtocol() compiles it once.
 */
export const protocolSchema: Record<string, unknown> = schemaJson as Record<string, unknown>;
