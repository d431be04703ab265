import { Protocol } from '../protocol/protocol.types';
import { findProtocol } from '../protocol/built-in-protocols';
import { parseProtocol } from '../protocol/parse-protocol';

/** Test-only helpers: bundled protocols and protocol variants (ambiguity options switched). */
export function builtIn(id: string): Protocol {
  const p = findProtocol(id, '1');
  if (!p) throw new Error(`missing bundled protocol ${id}`);
  return p;
}

export function variant(id: string, edit: (doc: any) => void): Protocol {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const doc = JSON.parse(JSON.stringify(builtIn(id)));
  edit(doc);
  const r = parseProtocol(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.protocol;
}
