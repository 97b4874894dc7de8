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

  it('sends texts with a run of sixteen digits or dots, __proto__ or constructor to json-bigint, wherever they are', () => {
    // Given numbers at the edge of a double's precision, and the same digits inside strings and keys
    const texts = [
      '{"a":1234567890123456}',
      '{"a":123456789012345}',
      '{"a":0.1234567890123456}',
      '{"a":1.23456789012345}',
      '{"a":[9007199254740993,1]}',
      '{"s":"1234567890123456","t":"1.2.3.4.5.6.7.8.9"}',
      '{"__proto__":1}',
      '{"constructor":{"a":1}}',
      '{"k":"x-123456789012345.6"}',
    ];
    // Then each parses to what json-bigint gives, or is refused as json-bigint refuses it
    for (const text of texts) {
      const ours = (() => {
        try {
          return jsonBigint.stringify(parse(text));
        } catch (err) {
          return `refused: ${(err as Error).message}`;
        }
      })();
      const theirs = (() => {
        try {
          return jsonBigint.stringify(jsonBigint.parse(text));
        } catch (err) {
          return `refused: ${(err as Error).message}`;
        }
      })();
      expect(ours).toBe(theirs);
    }
    expect(String((parse('{"a":12345678901234567}') as { a: unknown }).a)).toBe('12345678901234567');
  });

  it('takes a Buffer, as pop-core passes it', () => {
    expect(parse(Buffer.from('{"RouteEntrys":{"RouteEntry":[{"DestinationCidrBlock":"172.16.1.0/24"}]}}'))).toEqual({ RouteEntrys: { RouteEntry: [{ DestinationCidrBlock: '172.16.1.0/24' }] } });
  });

  it('rejects text that is not JSON', () => {
    expect(() => parse('{"a":')).toThrow();
  });
});
