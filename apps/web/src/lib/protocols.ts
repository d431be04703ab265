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
  dosing: {
    parameters?: Record<string, ProtocolParameter>;
    rules?: Array<{ id: string; enabled?: boolean }>;
    startIntervalWeeks?: { value: number };
    maxIntervalWeeks?: { value: number };
    minIntervalWeeks?: { value: number };
  };
}

const files = import.meta.glob<ProtocolFile>('../../../../protocols/*.json', { eager: true, import: 'default' });
const PROTOCOLS: ProtocolFile[] = Object.entries(files)
  .filter(([path]) => !path.endsWith('.schema.json'))
  .map(([, doc]) => doc);

export function protocolOf(id: string | undefined, version: string | undefined): ProtocolFile | undefined {
  return PROTOCOLS.find((p) => p.id === id && p.version === version);
}

/**
 * Every µg/mL parameter (extension, shortening, target …) that an enabled rule of the protocol uses, with its clause
 * id and status: a disabled rule's threshold (PDNMS P1b shortening) is not drawn, since nothing acts on it.
 */
export function troughThresholds(id: string | undefined, version: string | undefined): { label: string; ugPerMl: number }[] {
  const dosing = protocolOf(id, version)?.dosing;
  const enabledRules = (dosing?.rules ?? []).filter((r) => r.enabled !== false).map((r) => JSON.stringify(r));
  const used = (name: string) => enabledRules.some((r) => r.includes(`"${name}"`));
  return Object.entries(dosing?.parameters ?? {})
    .filter(([name, p]) => p.unit === 'ug/mL' && used(name))
    .map(([name, p]) => ({ label: `${name} (${p.id}${p.status && p.status !== 'confirmed' ? `, ${p.status}` : ''})`, ugPerMl: p.value }));
}

/** The protocol file versions a study can be bound to (administration). */
export function protocolChoices(): { id: string; version: string; title: string }[] {
  return PROTOCOLS.map((p) => ({ id: p.id, version: p.version, title: p.title }));
}
