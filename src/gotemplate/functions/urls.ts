/** sprig url.go: urlParse / urlJoin with Go net/url field semantics. */
import { isGoMap } from '../value.js';
import { fail, str, type Impl } from './define.js';
import { strval } from './convert.js';

interface GoUrl { scheme: string; opaque: string; user: string; host: string; path: string; rawQuery: string; fragment: string }

function unescape(s: string): string {
  try { return decodeURIComponent(s); } catch { fail(`unable to parse url: invalid URL escape in ${JSON.stringify(s)}`); }
}

/** net/url.Parse (the common shapes). */
export function parseUrl(raw: string): GoUrl {
  if (/[\x00-\x1f\x7f]/.test(raw)) fail(`unable to parse url: parse ${JSON.stringify(raw)}: net/url: invalid control character in URL`);
  let rest = raw;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) { fragment = unescape(rest.slice(hash + 1)); rest = rest.slice(0, hash); }
  let scheme = '';
  const sm = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (sm) { scheme = sm[1].toLowerCase(); rest = rest.slice(sm[0].length); }
  let rawQuery = '';
  const q = rest.indexOf('?');
  if (q >= 0) { rawQuery = rest.slice(q + 1); rest = rest.slice(0, q); }
  let opaque = '', user = '', host = '';
  if (scheme && !rest.startsWith('/')) {
    opaque = rest;
    rest = '';
  } else if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) { user = authority.slice(0, at); host = authority.slice(at + 1); } else host = authority;
  }
  return { scheme, opaque, user, host, path: unescape(rest), rawQuery, fragment };
}

function hostname(host: string): string {
  if (host.startsWith('[')) { const e = host.indexOf(']'); return e < 0 ? host.slice(1) : host.slice(1, e); }
  const c = host.lastIndexOf(':');
  return c >= 0 && /^[0-9]*$/.test(host.slice(c + 1)) ? host.slice(0, c) : host;
}

const escapePath = (p: string): string => encodeURI(p).replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/\?/g, '%3F').replace(/#/g, '%23');

/** net/url.URL.String. */
export function formatUrl(u: GoUrl): string {
  let out = '';
  if (u.scheme) out += u.scheme + ':';
  if (u.opaque) out += u.opaque;
  else {
    if (u.scheme || u.host || u.user) {
      if (u.host || u.path || u.user) out += '//';
      if (u.user) out += u.user + '@';
      if (u.host) out += u.host;
    }
    if (u.path && !u.path.startsWith('/') && u.host) out += '/';
    out += escapePath(u.path);
  }
  if (u.rawQuery) out += '?' + u.rawQuery;
  if (u.fragment) out += '#' + encodeURIComponent(u.fragment).replace(/%2F/g, '/').replace(/%3F/g, '?');
  return out;
}

export const urlFuncs: Record<string, Impl> = {
  urlParse: (v) => {
    const u = parseUrl(str(v));
    return { scheme: u.scheme, host: u.host, hostname: hostname(u.host), path: u.path, query: u.rawQuery, opaque: u.opaque, fragment: u.fragment, userinfo: u.user };
  },
  urlJoin: (d) => {
    if (d === null || d === undefined) return '';
    if (!isGoMap(d)) fail('wrong type for value; expected map[string]interface {}');
    const get = (k: string): string => (Object.hasOwn(d, k) && d[k] !== null && d[k] !== undefined ? strval(d[k]) : '');
    return formatUrl({ scheme: get('scheme'), opaque: get('opaque'), user: get('userinfo'), host: get('host'), path: get('path'), rawQuery: get('query'), fragment: get('fragment') });
  },
};
