import { csvCell, csvLine, neutraliseFormula, neutraliseFormulaSql } from './csv-cell';

describe('CSV cell writer (OWASP CSV injection, issue 16 item 8)', () => {
  // Each formula-leading character of OWASP's list, as the first character of a text cell, gains a leading "'".
  it.each([
    ['=1+2', "'=1+2"],
    ['+31 20 555', "'+31 20 555"],
    ['-dizzy', "'-dizzy"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
  ])('neutralises text %j → %j', (input, output) => {
    expect(neutraliseFormula(input)).toBe(output);
    expect(csvCell(input)).toBe(output);
  });

  it('neutralises a CR-led text and then quotes it (RFC 4180: CR inside)', () => {
    expect(csvCell('\rx')).toBe(`"'\rx"`);
  });

  it('neutralises a text that looks like a negative number (the decision follows the column type)', () => {
    expect(csvCell('-2+3+cmd')).toBe("'-2+3+cmd");
  });

  it('keeps numbers numeric, negative ones included, and leaves other text alone', () => {
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell('Headache')).toBe('Headache');
    expect(csvCell('a=b')).toBe('a=b'); // only the FIRST character matters
    expect(csvCell('')).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes per RFC 4180 after neutralising: "=HYPERLINK(""x"")" keeps its apostrophe inside the quotes', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('ends a line with CRLF', () => {
    expect(csvLine(['=x', -3, null, 'y'])).toBe("'=x,-3,,y\r\n");
  });

  it('renders the same rule as SQL from the same character list', () => {
    expect(neutraliseFormulaSql('v')).toBe(`(CASE WHEN left(v, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || v ELSE v END)`);
  });
});
