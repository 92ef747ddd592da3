/** IANA zone offsets and tzdata-style abbreviations through Intl (Go's time.LoadLocation). */

/** Locales whose short zone names carry the tzdata abbreviations (CET, IST, ACDT, JST…). */
const ABBREV_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-NZ', 'en-IE', 'ja-JP', 'ko-KR'];

/** Offset (seconds east) and abbreviation of an IANA zone at an instant, or undefined if unknown. */
export function zoneAt(zone: string, ms: number): { offset: number; abbrev: string } | undefined {
  if (zone === 'UTC' || zone === '' || zone === 'Local') return { offset: 0, abbrev: 'UTC' };
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(ms));
    const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
    const d = new Date(0);
    d.setUTCFullYear(get('year'), get('month') - 1, get('day'));
    d.setUTCHours(get('hour') % 24, get('minute'), get('second'));
    const offset = Math.round((d.getTime() - Math.floor(ms / 1000) * 1000) / 1000);
    for (const locale of ABBREV_LOCALES) {
      const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
        .formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value;
      if (name && /^[A-Z]{2,5}$/.test(name) && name !== 'GMT' && name !== 'UTC') return { offset, abbrev: name };
      if (name && (name === 'GMT' || name === 'UTC') && offset === 0) return { offset, abbrev: name };
    }
    // tzdata spells zones without a common abbreviation numerically: +05, +0530.
    const sign = offset < 0 ? '-' : '+';
    const a = Math.abs(offset);
    const hm = String(Math.floor(a / 3600)).padStart(2, '0') + (a % 3600 ? String(Math.floor((a % 3600) / 60)).padStart(2, '0') : '');
    return { offset, abbrev: sign + hm };
  } catch {
    return undefined;
  }
}
