import { describe, expect, it } from 'vitest';
import { columnOf, detectDelimiter, icoOf, parseCsvDate, parseCurrency, parseSalesCsv } from './csv.ts';
import { summarize } from './summary.ts';

describe('parseCsvDate', () => {
  it('reads ISO, Czech/Russian and Hungarian dates', () => {
    expect(parseCsvDate('2026-03-05')).toBe('2026-03-05');
    expect(parseCsvDate('2026-03-05T00:00:00')).toBe('2026-03-05');
    expect(parseCsvDate('5.3.2026')).toBe('2026-03-05');
    expect(parseCsvDate('05.03.2026')).toBe('2026-03-05');
    expect(parseCsvDate('5. 3. 2026')).toBe('2026-03-05');
    expect(parseCsvDate('2026.03.05.')).toBe('2026-03-05');
    expect(parseCsvDate('2026. 03. 05.')).toBe('2026-03-05');
    expect(parseCsvDate('2028-02-29')).toBe('2028-02-29');
  });
  it('refuses impossible days and other notations', () => {
    for (const s of ['2026-02-29', '31.4.2026', '2026-13-01', '03/05/2026', '5.3.26', '', 'včera', '0000-01-01']) expect(parseCsvDate(s), s).toBeNull();
  });
});

describe('parseCurrency and icoOf', () => {
  it('knows the offered codes and the usual signs', () => {
    expect(['CZK', 'czk', 'Kč', 'KČ', '€', 'eur', 'Ft', 'руб.', '₽', 'zł', '$', '£'].map(parseCurrency))
      .toEqual(['CZK', 'CZK', 'CZK', 'CZK', 'EUR', 'EUR', 'HUF', 'RUB', 'RUB', 'PLN', 'USD', 'GBP']);
    expect(parseCurrency('ABC')).toBeNull();
    expect(parseCurrency('')).toBeNull();
  });
  it('keeps leading zeros of an IČO, restores lost ones and reads a Czech company VAT id', () => {
    expect(icoOf('00216208')).toBe('00216208');
    expect(icoOf('216208')).toBe('00216208');
    expect(icoOf('002 16 208')).toBe('00216208');
    expect(icoOf('CZ00216208')).toBe('00216208');
    expect(icoOf('Novák s.r.o.')).toBeNull();
    expect(icoOf('123456789')).toBeNull();
  });
});

describe('header names', () => {
  it('are understood in Czech, English, Hungarian and Russian', () => {
    const cases: [string, string][] = [
      ['Datum', 'date'], ['DÁTUM', 'date'], ['Дата', 'date'], ['Invoice date', 'date'],
      ['IČO', 'ico'], ['IČ', 'ico'], ['ico', 'ico'], ['Firma', 'firm'], ['Customer', 'firm'], ['Název', 'name'], ['Name', 'name'], ['Cégnév', 'name'],
      ['Částka', 'amount'], ['Amount', 'amount'], ['Összeg', 'amount'], ['Сумма', 'amount'],
      ['Měna', 'currency'], ['Currency', 'currency'], ['Pénznem', 'currency'], ['Валюта', 'currency'],
      ['Produkt', 'product'], ['product', 'product'], ['Termék', 'product'], ['Товар', 'product'],
      ['Doklad', 'documentNo'], ['Číslo dokladu', 'documentNo'], ['Č. dokladu', 'documentNo'], ['Document No.', 'documentNo'],
      ['Bizonylatszám', 'documentNo'], ['Номер документа', 'documentNo'], ['Номер счёта', 'documentNo'],
    ];
    for (const [header, column] of cases) expect(columnOf(header), header).toBe(column);
    expect(columnOf('DPH')).toBeNull();
  });
});

describe('parseSalesCsv', () => {
  it('detects the separator from the first line, quotes respected', () => {
    expect(detectDelimiter('datum;firma;částka')).toBe(';');
    expect(detectDelimiter('date,firm,amount')).toBe(',');
    expect(detectDelimiter('date\tfirm\tamount')).toBe('\t');
    expect(detectDelimiter('2026-01-01;"Novák, s.r.o.";1,5')).toBe(';');
    expect(detectDelimiter('2026-01-01,"Novák; s.r.o.",1.5')).toBe(',');
  });

  it('reads a Russian export with a header in any order and ignores unknown columns', () => {
    const csv = 'Номер документа;НДС;Дата;Покупатель;Сумма;Валюта;Товар\n'
      + 'СЧ-1;20%;15.03.2026;00216208;1 234,56;руб.;Станок\n';
    const out = parseSalesCsv(csv);
    expect(out).toMatchObject({ delimiter: ';', hasHeader: true, problems: [] });
    expect(out.lines).toEqual([{
      line: 2, date: '2026-03-15', ico: '00216208', name: '00216208', firmText: '00216208', amount: 123_456, currency: 'RUB',
      product: 'Станок', documentNo: 'СЧ-1', problems: [],
    }]);
  });

  it('counts lines as an editor does: the header, a sep= line, quoted line breaks and blank lines', () => {
    const csv = 'sep=,\r\n'
      + 'date,firm,amount,currency,product,document\r\n'
      + '2026-03-01,00216208,10,CZK,"two\r\nline product",A-1\r\n'
      + '\r\n'
      + '2026-03-02,00216208,oops,CZK,x,A-2\r\n';
    const out = parseSalesCsv(csv);
    expect(out.delimiter).toBe(',');
    expect(out.lines.map((l) => [l.line, l.documentNo, l.product])).toEqual([[3, 'A-1', 'two\nline product'], [6, 'A-2', 'x']]);
    expect(out.lines[1]!.problems).toEqual([{ line: 6, field: 'amount', messageKey: 'errors.import_amount', params: { value: 'oops' } }]);
  });

  it('reads English notation in a comma file and refuses an ambiguous Czech one', () => {
    const en = parseSalesCsv('date,firm,amount,currency,product,doc no\n2026-03-01,Acme,"1,250",EUR,,X-1\n2026-03-01,Acme,1.250,EUR,,X-2\n');
    expect(en.lines.map((l) => l.amount)).toEqual([125_000, null]);
    const cs = parseSalesCsv('datum;firma;částka;měna;produkt;doklad\n2026-03-01;Acme;1.250;EUR;;X-1\n2026-03-01;Acme;1,250;EUR;;X-2\n');
    expect(cs.lines.map((l) => l.amount)).toEqual([125_000, null]);
  });

  it('names the field of every problem on a line, empty and short lines included', () => {
    const out = parseSalesCsv('datum;firma;částka;měna;produkt;doklad\n;;;;;\n2026-03-01;Acme\n');
    // A line of empty cells is no line at all; a short one misses its columns.
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]!.problems).toEqual([
      { line: 3, field: 'amount', messageKey: 'errors.import_missing_column' },
      { line: 3, field: 'currency', messageKey: 'errors.import_missing_column' },
      { line: 3, field: 'documentNo', messageKey: 'errors.import_missing_column' },
    ]);
    const blanks = parseSalesCsv('datum;firma;částka;měna;produkt;doklad\n2026-03-01;;10;;;D-1\n');
    expect(blanks.lines[0]!.problems).toEqual([
      { line: 2, field: 'firm', messageKey: 'errors.import_empty' },
      { line: 2, field: 'currency', messageKey: 'errors.import_empty' },
    ]);
  });

  it('reports an unclosed quotation mark at the line it starts on', () => {
    const out = parseSalesCsv('datum;firma;částka;měna;produkt;doklad\n2026-03-01;"Acme;10;CZK;;D-1\n2026-03-02;Acme;10;CZK;;D-2\n');
    expect(out.lines.map((l) => l.problems)).toEqual([[{ line: 2, field: '', messageKey: 'errors.import_csv' }]]);
  });

  it('flags the second of two lines with the same document number', () => {
    const out = parseSalesCsv('2026-03-01;Acme;10;CZK;;D-1\n2026-03-02;Acme;10;CZK;;D-2\n2026-03-03;Acme;10;CZK;;D-1\n');
    expect(out.hasHeader).toBe(false);
    expect(out.lines.flatMap((l) => l.problems)).toEqual([
      { line: 3, field: 'documentNo', messageKey: 'errors.import_duplicate_document', params: { documentNo: 'D-1', first: 1 } },
    ]);
  });
});

describe('summarize', () => {
  it('matches 29 February with 28 February and the 31st with the end of the shorter month before', () => {
    const days = [
      { date: '2027-02-28', currency: 'CZK' as const, amount: 10 },
      { date: '2027-03-01', currency: 'CZK' as const, amount: 1000 },
      { date: '2028-02-29', currency: 'CZK' as const, amount: 30 },
    ];
    expect(summarize(days, '2028-02-29').yearToDate).toEqual([{ currency: 'CZK', current: 30, previous: 10, ratio: 2 }]);
    const march = summarize([{ date: '2026-02-28', currency: 'EUR', amount: 200 }, { date: '2026-03-31', currency: 'EUR', amount: 100 }], '2026-03-31');
    expect(march.monthToDate).toEqual([{ currency: 'EUR', current: 100, previous: 200, ratio: -0.5 }]);
  });
  it('compares January with December of the year before and lists months across the year boundary', () => {
    const s = summarize([{ date: '2025-12-03', currency: 'HUF', amount: 500 }, { date: '2026-01-02', currency: 'HUF', amount: 500 }], '2026-01-05');
    expect(s.monthToDate).toEqual([{ currency: 'HUF', current: 500, previous: 500, ratio: 0 }]);
    expect(s.months.slice(0, 3).map((m) => m.period)).toEqual(['2026-01', '2025-12', '2025-11']);
    expect(s.months[23]!.period).toBe('2024-02');
  });
});
