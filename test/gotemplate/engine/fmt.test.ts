/**
 * Go fmt as templates see it (printf/print/println and `{{ . }}`): verbs, flags, width,
 * precision, argument indexes and the `%!` error forms. Cases are taken from Go's
 * fmt documentation and fmt_test.go.
 */
import { GoComplex, GoFloat, sprint, sprintf, sprintln } from '../../../src/gotemplate/index.js';

const f = (x: number) => new GoFloat(x);

describe('Sprintf', () => {
  it.each<[string, unknown[], string]>([
    ['%d|%v|%t', [12345, 12345, true], '12345|12345|true'],
    ['%5s|%-5s|%.2s|%05s', ['abc', 'abc', 'abc', 'abc'], '  abc|abc  |ab|00abc'],
    ['%.5s|%.0s', ['日本語日本語', '日本語'], '日本語日本|'],
    ['%x|%X|% x|%#x|%# x', ['xyz', 'xyz', 'xyz', 'xyz', 'xyz'], '78797a|78797A|78 79 7a|0x78797a|0x78 0x79 0x7a'],
    ['%q|%#q|%+q|%q', ['abc', 'abc', '日本語', 'a\nb"'], '"abc"|`abc`|"\\u65e5\\u672c\\u8a9e"|"a\\nb\\""'],
    ['%c|%q|%U|%#U', [0x78, 0x78, 0x263a, 0x263a], "x|'x'|U+263A|U+263A '☺'"],
    ['%+d|% d|%x|%#x|%X|%o|%#o|%O|%b', [12, 12, 255, 255, 255, 8, 8, 8, 5], '+12| 12|ff|0xff|FF|10|010|0o10|101'],
    ['%6.2d|%.0d|%06d|%-6d|%x', [12, 0, -12, 12, -255], '    12||-00012|12    |-ff'],
    ['%e|%f|%g|%E|%G', [f(1), f(1), f(1), f(1e6), f(1e6)], '1.000000e+00|1.000000|1|1.000000E+06|1E+06'],
    ['%g|%g|%g|%.3g|%.3e', [1e-7, f(100000), f(1e6), f(123456), f(123456)], '1e-07|100000|1e+06|1.23e+05|1.235e+05'],
    ['%5.2f|%-8.2f|%08.2f|%+.2f|% .2f', [3.14159, 3.14159, -3.14159, f(3), f(3)], ' 3.14|3.14    |-0003.14|+3.00| 3.00'],
    ['%.0f %.0f %.0f %.1f', [0.5, 1.5, 2.5, 0.25], '0 2 2 0.2'],
    // %+v is a flagless format of its own (fmtFlags.plusV): no sign is forced.
    ['%v|%v|%v|%+v|%+.1f', [NaN, Infinity, -Infinity, NaN, NaN], 'NaN|+Inf|-Inf|NaN|+NaN'],
    ['%v|%.2f|%g', [new GoComplex(1, 2), new GoComplex(1.5, -0.25), new GoComplex(0, 1.5)], '(1+2i)|(1.50-0.25i)|(0+1.5i)'],
    ['%[2]d %[1]d', [1, 2], '2 1'],
    ['%*d|%-*d|%.*f', [5, 1, 3, 1, 2, 3.14159], '    1|1  |3.14'],
    ['%d', [], '%!d(MISSING)'],
    ['%d', [1, 2], '1%!(EXTRA int=2)'],
    ['%d %s', [1, 'a', 'b', null], '1 a%!(EXTRA string=b, <nil>)'],
    ['%', [], '%!(NOVERB)'],
    ['%[3]d', [1, 2], '%!d(BADINDEX)'],
    ['%s|%d|%z', [null, 'hi', 1], '%!s(<nil>)|%!d(string=hi)|%!z(int=1)'],
    ['%d', [1.5], '%!d(float64=1.5)'],
    ['%d', [[1, 'a']], '[1 %!d(string=a)]'],
    ['%q', [['a', 1]], `["a" '\\x01']`],
    ['%v|%T|%T|%T|%T', [null, null, { a: 1 }, [1], f(2)], '<nil>|<nil>|map[string]interface {}|[]interface {}|float64'],
    ['%v', [{ b: [1, 2], a: { c: null } }], 'map[a:map[c:<nil>] b:[1 2]]'],
    ['%%|%5%', [], '%|%'],
  ])('%j %j', (format, args, want) => {
    expect(sprintf(format, args)).toBe(want);
  });
});

describe('Sprint and Sprintln', () => {
  it('adds a space between operands when neither is a string', () => {
    expect(sprint(['a', 1, 2, 'b', 'c', 3.5, null])).toBe('a1 2bc3.5 <nil>');
    expect(sprint([1, 'x', 2])).toBe('1x2');
  });
  it('always separates operands with spaces and ends with a newline', () => {
    expect(sprintln(['a', 1, 'b'])).toBe('a 1 b\n');
  });
  it('prints integral float64 without a fraction and big ints exactly', () => {
    expect(sprint([f(100), 9007199254740993n, f(1e21), 0.1 + 0.2])).toBe('100 9007199254740993 1e+21 0.30000000000000004');
  });
});
