import { csvLine } from './csv';

describe('csvLine', () => {
  it('quotes only what needs quoting and ends with CRLF (RFC 4180)', () => {
    expect(csvLine(['a', 1, null, 'b,c', 'say "hi"', 'two\nlines'])).toBe('a,1,,"b,c","say ""hi""","two\nlines"\r\n');
  });
});
