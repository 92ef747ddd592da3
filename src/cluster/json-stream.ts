/**
 * `kubectl get --watch -o json` prints one pretty-printed JSON document per
 * event, back to back with no separator. This splits such a stream into
 * documents as chunks arrive (a document may span chunks; strings may hold
 * braces and escaped quotes). Pure.
 */
export class JsonStreamSplitter {
  private buf = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;
  /** Where scanning resumes in `buf`. */
  private at = 0;

  /** Feeds a chunk; returns the documents it completed, as text. */
  push(chunk: string): string[] {
    this.buf += chunk;
    const out: string[] = [];
    const b = this.buf;
    let i = this.at;
    for (; i < b.length; i++) {
      const c = b[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (c === '"') this.inString = true;
      else if (c === '{' || c === '[') {
        if (this.depth === 0) this.start = i;
        this.depth++;
      } else if (c === '}' || c === ']') {
        this.depth--;
        if (this.depth === 0 && this.start >= 0) {
          out.push(b.slice(this.start, i + 1));
          this.start = -1;
        }
      }
    }
    // Keep only the unfinished document.
    if (this.depth > 0 && this.start >= 0) {
      this.buf = b.slice(this.start);
      this.at = i - this.start;
      this.start = 0;
    } else {
      this.buf = '';
      this.at = 0;
      this.depth = 0;
    }
    return out;
  }
}
