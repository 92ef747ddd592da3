/**
 * RFC 7386 JSON merge patch and RFC 6902 JSON patch (with `test`), the two
 * schema-less patch types kubectl and helm send.
 */
import { badRequest, ApiError } from './status.js';
import { clone, deepEqual, isObj, type Obj } from './util.js';

/** RFC 7386: objects merge recursively, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  const out: Obj = isObj(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw badRequest(`invalid JSON pointer: ${p}`);
  return p.slice(1).split('/').map(unescape);
}

/** jsonpatch (evanphx) error text, which kubectl prints verbatim. */
function missing(op: string, path: string): ApiError {
  return new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: ${path}`);
}

function parentOf(doc: unknown, parts: string[], op: string, path: string): { parent: Obj | unknown[]; key: string } {
  let cur: unknown = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isObj(cur)) cur = cur[part];
    else throw missing(op, path);
    if (cur === undefined) throw missing(op, path);
  }
  if (!isObj(cur) && !Array.isArray(cur)) throw missing(op, path);
  return { parent: cur, key: parts[parts.length - 1]! };
}

function get(doc: unknown, path: string, op: string): unknown {
  let cur: unknown = doc;
  for (const part of parsePointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isObj(cur)) cur = Object.prototype.hasOwnProperty.call(cur, part) ? cur[part] : undefined;
    else cur = undefined;
    if (cur === undefined) throw missing(op, path);
  }
  return cur;
}

function add(doc: unknown, path: string, value: unknown, op: string): unknown {
  const parts = parsePointer(path);
  if (parts.length === 0) return clone(value);
  const { parent, key } = parentOf(doc, parts, op, path);
  if (Array.isArray(parent)) {
    const idx = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(idx) || idx < 0 || idx > parent.length) throw missing(op, path);
    parent.splice(idx, 0, clone(value));
  } else parent[key] = clone(value);
  return doc;
}

function remove(doc: unknown, path: string, op: string): unknown {
  const parts = parsePointer(path);
  const { parent, key } = parentOf(doc, parts, op, path);
  if (Array.isArray(parent)) {
    const idx = Number(key);
    if (!(idx >= 0 && idx < parent.length)) throw missing(op, path);
    parent.splice(idx, 1);
  } else {
    if (!Object.prototype.hasOwnProperty.call(parent, key)) throw missing(op, path);
    delete parent[key];
  }
  return doc;
}

/** Apply an RFC 6902 patch; throws 422 when an operation does not apply. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json patch must be an array of operations');
  let doc = clone(target);
  for (const o of ops as Obj[]) {
    const op = String(o.op);
    const path = String(o.path ?? '');
    switch (op) {
      case 'add':
        doc = add(doc, path, o.value, op);
        break;
      case 'remove':
        doc = remove(doc, path, op);
        break;
      case 'replace': {
        // A replace needs the target to exist (jsonpatch "doc is missing key").
        const parts = parsePointer(path);
        if (parts.length === 0) {
          doc = clone(o.value);
          break;
        }
        const { parent, key } = parentOf(doc, parts, op, path);
        if (Array.isArray(parent)) {
          const idx = Number(key);
          if (!(idx >= 0 && idx < parent.length)) throw missing(op, path);
          parent[idx] = clone(o.value);
        } else {
          if (!Object.prototype.hasOwnProperty.call(parent, key)) {
            throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: replace operation does not apply: doc is missing key: ${path}`);
          }
          parent[key] = clone(o.value);
        }
        break;
      }
      case 'move': {
        const v = get(doc, String(o.from), op);
        doc = remove(doc, String(o.from), op);
        doc = add(doc, path, v, op);
        break;
      }
      case 'copy':
        doc = add(doc, path, get(doc, String(o.from), op), op);
        break;
      case 'test':
        if (!deepEqual(get(doc, path, op), o.value)) {
          throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value ${path} failed: test failed`);
        }
        break;
      default:
        throw badRequest(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}
