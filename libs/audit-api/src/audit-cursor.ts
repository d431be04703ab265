import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { invalidCursor } from '@eid/core';

/**
 * The audit list's page cursor, sealed (AES-256-GCM): the trail's write order `seq` is one sequence for the whole
 * platform, so a readable cursor would tell a site investigator how much every other site wrote between two pages
 * (issue 16 item 11). Sealed with a key derived from the access-token secret, the cursor is opaque to the caller
 * but valid across API processes and restarts with the same secret; a tampered cursor is a 400 (the same
 * INVALID_CURSOR answer as every other list's cursor, @eid/core pagination).
 */
export class AuditCursor {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('eid:audit-cursor:v1').digest();
  }

  seal(seq: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(seq, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  open(cursor: string): string {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length < 29) throw invalidCursor();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const seq = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      if (!/^\d{1,19}$/.test(seq)) throw invalidCursor();
      return seq;
    } catch {
      throw invalidCursor();
    }
  }
}
