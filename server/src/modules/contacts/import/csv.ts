import { ValidationError } from "../../../lib/errors.js";

export type CsvDelimiter = "," | ";";

export interface CsvRecord {
  /** The physical line the record starts on (1-based; a quoted field may span lines). */
  line: number;
  fields: string[];
}

export interface CsvTable {
  delimiter: CsvDelimiter;
  records: CsvRecord[];
}

/**
 * Text of an uploaded file: UTF-8 (a byte-order mark is dropped), or Windows-1252 when the bytes
 * are not valid UTF-8, which is what spreadsheets in many locales still save.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/**
 * The delimiter of the header line: `;` when it has more semicolons than commas outside quotes
 * (spreadsheets in locales with a decimal comma write those), `,` otherwise.
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch === ",") commas++;
    else if (!quoted && ch === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

/**
 * RFC 4180 CSV: fields in double quotes may hold delimiters, line breaks and doubled quotes (`""`);
 * records end with CRLF, LF or CR; a leading byte-order mark is dropped; a final line break is
 * optional. Lenient where spreadsheets are: a quote inside an unquoted field is kept as text.
 * A quoted field left open, or text after a closing quote, is an error naming the line.
 */
export function parseCsv(input: string, delimiter?: CsvDelimiter): CsvTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sep = delimiter ?? sniffDelimiter(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  /** True once the current record has any content (so blank lines make no records). */
  let started = false;

  const endField = () => {
    fields.push(field);
    field = "";
  };
  const endRecord = () => {
    if (started) records.push({ line: recordLine, fields });
    fields = [];
    started = false;
  };
  const newline = () => {
    // CRLF counts once.
    if (text[i] === "\r" && text[i + 1] === "\n") i++;
    i++;
    line++;
  };

  while (i < text.length) {
    const ch = text[i] as string;
    if (!started) {
      recordLine = line;
    }
    if (ch === '"' && field === "") {
      started = true;
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new ValidationError(`line ${openedOn}: a quoted field is never closed`);
        const q = text[i] as string;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === "\r" || q === "\n") {
          field += q === "\r" && text[i + 1] === "\n" ? "\r\n" : q;
          newline();
          continue;
        }
        field += q;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== sep && next !== "\r" && next !== "\n") {
        throw new ValidationError(`line ${line}: unexpected text after a closing quote`);
      }
      continue;
    }
    if (ch === sep) {
      started = true;
      endField();
      i++;
    } else if (ch === "\r" || ch === "\n") {
      if (started || field !== "") endField();
      endRecord();
      newline();
    } else {
      started = true;
      field += ch;
      i++;
    }
  }
  if (started || field !== "") {
    endField();
    endRecord();
  }
  return { delimiter: sep, records };
}
