/**
 * A streaming CSV reader (RFC 4180: quoted fields with "" escapes and line breaks, CRLF or LF, a UTF-8
 * BOM): text chunks in, one record (array of fields) out per row, identical whatever the split.
 */
export class CsvReader {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  /** Inside quotes, a `"` was seen: the next character decides (escape or end of quotes). */
  private quoteSeen = false;
  private started = false;
  private lastWasCr = false;
  private first = true;
  /** Line numbers (1-based; CRLF, LF or CR end a line, also inside quotes) for messages about a record. */
  private line = 1;
  private recordLine = 1;
  private prevCr = false;

  constructor(private readonly onRecord: (fields: string[], line: number) => void) {}

  push(text: string): void {
    let s = text;
    if (this.first && s.length > 0) {
      this.first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\r' || (c === '\n' && !this.prevCr)) this.line++;
      this.prevCr = c === '\r';
      if (this.lastWasCr) {
        this.lastWasCr = false;
        if (c === '\n') continue;
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (c === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false;
        } else if (c === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          this.field += c;
          continue;
        }
      }
      if (c === '"' && this.field === '') {
        this.quoted = true;
        this.started = true;
      } else if (c === ',') {
        this.record.push(this.field);
        this.field = '';
        this.started = true;
      } else if (c === '\n' || c === '\r') {
        this.lastWasCr = c === '\r';
        this.endRecord();
      } else {
        this.field += c;
        this.started = true;
      }
    }
  }

  end(): void {
    if (this.quoteSeen) {
      this.quoteSeen = false;
      this.quoted = false;
    }
    this.endRecord();
  }

  private endRecord(): void {
    const line = this.recordLine;
    this.recordLine = this.line;
    if (!this.started && this.field === '' && this.record.length === 0) return;
    this.record.push(this.field);
    this.onRecord(this.record, line);
    this.record = [];
    this.field = '';
    this.started = false;
  }
}
