const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text and attribute values; drops characters XML 1.0 forbids (control characters other than tab/CR/LF). */
export function xmlEscape(value: string | number): string {
  return String(value)
    // eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** `<Name a="1" b="x">` with escaped attributes; undefined/null attributes are left out. */
export function tag(name: string, attrs: Record<string, string | number | null | undefined>, selfClose = false): string {
  let s = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) s += ` ${k}="${xmlEscape(v)}"`;
  return s + (selfClose ? '/>' : '>');
}
