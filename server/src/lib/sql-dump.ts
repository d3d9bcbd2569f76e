/**
 * Reads the rows of `INSERT INTO table (columns) VALUES (...), (...);` statements from a MySQL
 * dump such as `db/data_feeds.sql`. Understands what mysqldump writes for plain data: single-quoted
 * strings with '' and backslash escapes, numbers and NULL. Other statements are skipped.
 */
export type DumpValue = string | number | null;
export type DumpRows = Map<string, Array<Record<string, DumpValue>>>;

export function readDumpInserts(sqlText: string): DumpRows {
  const rows: DumpRows = new Map();
  const insert = /INSERT\s+INTO\s+`?(\w+)`?\s*\(([^)]*)\)\s*VALUES\s*/gi;
  for (let match = insert.exec(sqlText); match; match = insert.exec(sqlText)) {
    const table = match[1] as string;
    const columns = (match[2] as string).split(",").map((column) => column.trim().replace(/`/g, ""));
    const { tuples, end } = readTuples(sqlText, insert.lastIndex);
    insert.lastIndex = end;
    const list = rows.get(table) ?? [];
    for (const tuple of tuples) {
      if (tuple.length !== columns.length) {
        throw new Error(`${table}: a row has ${tuple.length} values for ${columns.length} columns`);
      }
      list.push(Object.fromEntries(columns.map((column, index) => [column, tuple[index] ?? null])));
    }
    rows.set(table, list);
  }
  return rows;
}

function readTuples(text: string, start: number): { tuples: DumpValue[][]; end: number } {
  const tuples: DumpValue[][] = [];
  let i = start;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] !== "(") throw new Error(`Expected "(" at offset ${i}`);
    i++;
    const tuple: DumpValue[] = [];
    for (;;) {
      skipSpace();
      if (text[i] === "'") {
        let value = "";
        i++;
        for (;;) {
          const ch = text[i];
          if (ch === undefined) throw new Error("Unterminated string in dump");
          if (ch === "\\") {
            const next = text[i + 1] ?? "";
            value +=
              next === "n" ? "\n" : next === "r" ? "\r" : next === "t" ? "\t" : next === "0" ? "\0" : next;
            i += 2;
          } else if (ch === "'" && text[i + 1] === "'") {
            value += "'";
            i += 2;
          } else if (ch === "'") {
            i++;
            break;
          } else {
            value += ch;
            i++;
          }
        }
        tuple.push(value);
      } else {
        const literal = /^[^,)\s]+/.exec(text.slice(i, i + 64))?.[0] ?? "";
        if (literal === "") throw new Error(`Expected a value at offset ${i}`);
        i += literal.length;
        if (/^null$/i.test(literal)) tuple.push(null);
        else if (/^-?\d+(\.\d+)?$/.test(literal)) tuple.push(Number(literal));
        else throw new Error(`Unsupported literal ${literal} in dump`);
      }
      skipSpace();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === ")") {
        i++;
        break;
      }
      throw new Error(`Expected "," or ")" at offset ${i}`);
    }
    tuples.push(tuple);
    skipSpace();
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] === ";") return { tuples, end: i + 1 };
    throw new Error(`Expected "," or ";" at offset ${i}`);
  }
}
