import { describe, expect, it } from "vitest";
import { AppError } from "../src/lib/errors.js";
import { decodeCsv, parseCsv, sniffDelimiter } from "../src/modules/contacts/import/csv.js";

const fields = (text: string) => parseCsv(text).records.map((record) => record.fields);

describe("CSV parser", () => {
  it("reads plain records with LF, CRLF or CR line ends and an optional final line break", () => {
    expect(fields("a,b\n1,2\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(fields("a,b\r\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(fields("a,b\r1,2\r")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(fields("a,,c,\n,,,")).toEqual([
      ["a", "", "c", ""],
      ["", "", "", ""],
    ]);
  });

  it("reads quoted fields with delimiters, doubled quotes and line breaks inside", () => {
    expect(fields('"Acme, Ltd","He said ""hi""","line 1\r\nline 2",""\n')).toEqual([
      ["Acme, Ltd", 'He said "hi"', "line 1\r\nline 2", ""],
    ]);
  });

  it("numbers records by the line they start on, skipping blank lines", () => {
    const { records } = parseCsv('h1,h2\n\n"multi\nline",x\r\n\r\nlast,y');
    expect(records.map((record) => record.line)).toEqual([1, 3, 6]);
    expect(records[1]?.fields).toEqual(["multi\nline", "x"]);
  });

  it("drops a byte-order mark", () => {
    expect(fields("\ufeffname,phone\nAna,1")[0]).toEqual(["name", "phone"]);
  });

  it("sniffs ; or , from the header line, ignoring quoted ones", () => {
    expect(sniffDelimiter("name;company;phone\n")).toBe(";");
    expect(sniffDelimiter("name,company\n")).toBe(",");
    expect(sniffDelimiter('"a;b;c",d\n')).toBe(",");
    expect(sniffDelimiter("name\n1;2;3;4")).toBe(",");
    const table = parseCsv('name;note\n"Ana";"1,5; more"\n');
    expect(table.delimiter).toBe(";");
    expect(table.records[1]?.fields).toEqual(["Ana", "1,5; more"]);
  });

  it("keeps a stray quote inside an unquoted field as text", () => {
    expect(fields('5" screen,x')).toEqual([['5" screen', "x"]]);
  });

  it("names the line of an unclosed quote or text after a closing quote", () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parseCsv('a\n"x"y')).toThrow(/line 2: unexpected text after a closing quote/);
    try {
      parseCsv('"x"y');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(400);
    }
  });

  it("decodes UTF-8, and Windows-1252 when the bytes are not UTF-8", () => {
    expect(decodeCsv(new TextEncoder().encode("João"))).toBe("João");
    expect(decodeCsv(Uint8Array.from([0x4a, 0x6f, 0xe3, 0x6f]))).toBe("João");
  });

  it("returns nothing for an empty file", () => {
    expect(parseCsv("").records).toEqual([]);
    expect(parseCsv("\r\n\n").records).toEqual([]);
  });
});
