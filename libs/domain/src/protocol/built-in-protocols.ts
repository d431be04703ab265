import pdnmsV1 from '../../../../protocols/pdnms-v1.json';
import targetTroughV1 from '../../../../protocols/target-trough-v1.json';
import standardQ4w from '../../../../protocols/standard-q4w.json';
import fixedQ6w from '../../../../protocols/fixed-q6w.json';
import nextMsStyleV1 from '../../../../protocols/next-ms-v1.json';
import { parseProtocol } from './parse-protocol';
import { Protocol } from './protocol.types';

/** The bundled protocol files, imported as JSON (no fs) so the library stays I/O-free. */
export const BUILT_IN_PROTOCOL_DOCUMENTS: readonly unknown[] = [pdnmsV1, targetTroughV1, standardQ4w, fixedQ6w, nextMsStyleV1];

let cache: Protocol[] | undefined;

/** Parse the bundled files; a bundled file that does not parse is a build defect → throw. */
export function loadBuiltInProtocols(): Protocol[] {
  if (!cache) {
    cache = BUILT_IN_PROTOCOL_DOCUMENTS.map((doc) => {
      const r = parseProtocol(doc);
      if (!r.ok) {
        const id = (doc as { id?: string }).id;
        throw new Error(`bundled protocol ${id} is invalid: ${r.problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}`);
      }
      return r.protocol;
    });
  }
  return cache.slice();
}

export function findProtocol(id: string, version: string): Protocol | undefined {
  return loadBuiltInProtocols().find((p) => p.id === id && p.version === version);
}
