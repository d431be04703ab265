import { LfToCrlf } from './csv-copy';

/** Feeds `text` to LfToCrlf in chunks cut at every given offset; returns the output and the rows counted. */
async function run(text: string, cuts: number[]): Promise<{ out: string; rows: number }> {
  const t = new LfToCrlf();
  const bytes = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  t.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => t.on('end', r));
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    t.write(bytes.subarray(from, cut));
    from = cut;
  }
  t.end();
  await done;
  return { out: Buffer.concat(out).toString('utf8'), rows: t.rows };
}

describe('LfToCrlf (COPY line ends → the CSV writer’s CRLF)', () => {
  const input = 'a,"b\nc",d\n"x""\n",,\n"",é,"q"\n';
  const expected = 'a,"b\nc",d\r\n"x""\n",,\r\n"",é,"q"\r\n';

  it.each([
    ['one chunk', []],
    ['cut right before a quoted line break', [4]],
    ['cut between the two quotes of an escaped quote', [13]],
    ['cut right before a row end', [9]],
    ['cut inside a multi-byte character', [23]],
    ['one byte at a time', Array.from({ length: Buffer.byteLength(input) - 1 }, (_, i) => i + 1)],
  ])('%s', async (_name, cuts) => {
    expect(await run(input, cuts as number[])).toEqual({ out: expected, rows: 3 });
  });

  it('leaves a chunk without row ends as it is', async () => {
    expect(await run('"no\nend', [])).toEqual({ out: '"no\nend', rows: 0 });
  });
});
