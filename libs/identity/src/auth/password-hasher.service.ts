import { Injectable, OnModuleInit } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id (memory-hard; OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1 — the library's defaults,
 * about 70 ms here). Unknown e-mails are checked against a dummy hash so that "no such user" costs the same
 * time as "wrong password" and the answer leaks nothing.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hash('dummy password for timing equality');
  }

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    try {
      const ok = await verify(passwordHash ?? this.dummyHash, password);
      return ok && passwordHash !== null;
    } catch {
      return false;
    }
  }
}
