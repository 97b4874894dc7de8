/** The JSON parser the bundles give pop-core: the same values as json-bigint, natively when no number needs more. */
import fc from 'fast-check';
import { parse, stringify } from '../../shared/net/json-parse';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsonBigint = require('json-bigint') as { parse: (text: string) => unknown; stringify: (v: unknown) => string };

describe('json-parse (pop-core alias of json-bigint)', () => {
  it('parses any JSON text to what json-bigint returns', () => {
    fc.assert(fc.property(fc.json(), (text) => expect(jsonBigint.stringify(parse(text))).toBe(jsonBigint.stringify(jsonBigint.parse(text)))));
  });

  it('keeps integers beyond 2^53 exact, as json-bigint does', () => {
    const text = '{"RequestId":"r-1","TotalCount":3,"Big":12345678901234567890,"Neg":-9007199254740993}';
    const value = parse(text) as Record<string, unknown>;
    expect(String(value.Big)).toBe('12345678901234567890');
    expect(String(value.Neg)).toBe('-9007199254740993');
    expect(value.TotalCount).toBe(3);
    expect(stringify(value)).toBe(text);
  });

  it('takes a Buffer, as pop-core passes it', () => {
    expect(parse(Buffer.from('{"RouteEntrys":{"RouteEntry":[{"DestinationCidrBlock":"172.16.1.0/24"}]}}'))).toEqual({ RouteEntrys: { RouteEntry: [{ DestinationCidrBlock: '172.16.1.0/24' }] } });
  });

  it('rejects text that is not JSON', () => {
    expect(() => parse('{"a":')).toThrow();
  });
});
