import { csvLine } from './csv';

describe('csvLine', () => {
  it('quotes only what needs quoting and ends with CRLF (RFC 4180)', () => {
    expect(csvLine(['a', 1, null, 'b,c', 'say "hi"', 'two\nlines'])).toBe('a,1,,"b,c","say ""hi""","two\nlines"\r\n');
  });
});

describe('csvLine: formula injection (issue 16 item 8)', () => {
  it('prefixes text cells starting with = + - @ with an apostrophe; numbers (negative too) stay numeric', () => {
    expect(csvLine(['=cmd', '+1', '-x', '@y', -2.5, 'ok'])).toBe("'=cmd,'+1,'-x,'@y,-2.5,ok\r\n");
  });
});
