import type { Test } from 'supertest';

/** Reads a supertest response body as one Buffer (exports are zip, XLSX or XML files). */
export function asBuffer(req: Test): Test {
  return req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}
