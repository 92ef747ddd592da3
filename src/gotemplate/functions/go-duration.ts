/** Go's time.Duration printing and parsing (Duration.String, time.ParseDuration). */

/** time.Duration(ns).String(). */
export function formatDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1000000000n) {
    const fmtFrac = (v: bigint, unit: bigint, suffix: string): string => {
      const whole = v / unit;
      const frac = (v % unit).toString().padStart(unit.toString().length - 1, '0').replace(/0+$/, '');
      return whole.toString() + (frac ? '.' + frac : '') + suffix;
    };
    if (u < 1000n) out = u.toString() + 'ns';
    else if (u < 1000000n) out = fmtFrac(u, 1000n, 'µs');
    else out = fmtFrac(u, 1000000n, 'ms');
  } else {
    const h = u / 3600000000000n;
    u -= h * 3600000000000n;
    const m = u / 60000000000n;
    u -= m * 60000000000n;
    const s = u / 1000000000n;
    const frac = (u % 1000000000n).toString().padStart(9, '0').replace(/0+$/, '');
    out = (h ? `${h}h` : '') + (h || m ? `${m}m` : '') + `${s}${frac ? '.' + frac : ''}s`;
  }
  return (neg ? '-' : '') + out;
}

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n };

/** time.ParseDuration; throws `time: invalid duration "x"`. */
export function parseDuration(s: string): bigint {
  const bad = (): never => { throw new Error(`time: invalid duration ${JSON.stringify(s)}`); };
  let rest = s;
  let neg = false;
  if (rest.startsWith('-') || rest.startsWith('+')) { neg = rest[0] === '-'; rest = rest.slice(1); }
  if (rest === '0') return 0n;
  if (rest === '') bad();
  let total = 0n;
  while (rest.length) {
    const m = /^([0-9]*)(\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m || (m[1] === '' && (m[3] ?? '') === '')) bad();
    const unit = UNITS[m![4]];
    total += BigInt(m![1] || '0') * unit;
    if (m![3]) total += (BigInt(m![3]) * unit) / 10n ** BigInt(m![3].length);
    rest = rest.slice(m![0].length);
  }
  return neg ? -total : total;
}
