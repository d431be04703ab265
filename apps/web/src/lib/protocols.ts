/**
 * The protocol files (protocols/*.json) are data the web app reads too: the course plot draws the trough
 * thresholds of the study's own protocol version, never numbers written into the UI.
 */
interface ProtocolParameter {
  id: string;
  value: number;
  unit: string;
  status?: string;
}

interface ProtocolFile {
  id: string;
  version: string;
  title: string;
  dosing: { parameters?: Record<string, ProtocolParameter>; maxIntervalWeeks?: { value: number }; minIntervalWeeks?: { value: number } };
}

const files = import.meta.glob<ProtocolFile>('../../../../protocols/*.json', { eager: true, import: 'default' });
const PROTOCOLS: ProtocolFile[] = Object.entries(files)
  .filter(([path]) => !path.endsWith('.schema.json'))
  .map(([, doc]) => doc);

export function protocolOf(id: string | undefined, version: string | undefined): ProtocolFile | undefined {
  return PROTOCOLS.find((p) => p.id === id && p.version === version);
}

/** Every µg/mL parameter of the protocol (extension, shortening, target …) with its clause id and status. */
export function troughThresholds(id: string | undefined, version: string | undefined): { label: string; ugPerMl: number }[] {
  const params = protocolOf(id, version)?.dosing.parameters ?? {};
  return Object.entries(params)
    .filter(([, p]) => p.unit === 'ug/mL')
    .map(([name, p]) => ({ label: `${name} (${p.id}${p.status && p.status !== 'confirmed' ? `, ${p.status}` : ''})`, ugPerMl: p.value }));
}

/** The protocol file versions a study can be bound to (administration). */
export function protocolChoices(): { id: string; version: string; title: string }[] {
  return PROTOCOLS.map((p) => ({ id: p.id, version: p.version, title: p.title }));
}
