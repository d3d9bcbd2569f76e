import { describe, expect, it } from "vitest";
import {
  byteRange,
  contentDisposition,
  essenceOf,
  isInlineType,
  servedContentType,
  sniffImage,
} from "./media-types.js";

describe("media types", () => {
  it("shows pictures, video and sound inline, never SVG, HTML or unknown types", () => {
    expect(isInlineType("image/png")).toBe(true);
    expect(isInlineType("audio/ogg; codecs=opus")).toBe(true);
    for (const mime of ["image/svg+xml", "text/html", "application/pdf", null, "image/png/x", "nonsense"])
      expect(isInlineType(mime)).toBe(false);
    expect(servedContentType("audio/ogg; codecs=opus", true)).toBe("audio/ogg; codecs=opus");
    expect(servedContentType("text/html", false)).toBe("application/octet-stream");
    expect(essenceOf("IMAGE/JPEG; q=1")).toBe("image/jpeg");
  });

  it("names a download with an ASCII fallback and the UTF-8 name, keeping no path", () => {
    expect(
      contentDisposition("attachment", "C:\\Users\\ana\\Relatório 2026.pdf", {
        type: "document",
        id: 1,
        mime: null,
      }),
    ).toBe(`attachment; filename="Relat_rio 2026.pdf"; filename*=UTF-8''Relat%C3%B3rio%202026.pdf`);
    expect(contentDisposition("inline", "..", { type: "image", id: 7, mime: "image/jpeg" })).toBe(
      `inline; filename="image-7.jpg"; filename*=UTF-8''image-7.jpg`,
    );
    expect(contentDisposition("attachment", 'a\r\nb"c%.txt', { type: "document", id: 2, mime: null })).toBe(
      `attachment; filename="a_b_c_.txt"; filename*=UTF-8''a_b_c%25.txt`,
    );
  });

  it("tells images by their first bytes", () => {
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffImage(Buffer.from("89504e470d0a1a0a0000", "hex"))).toBe("image/png");
    expect(sniffImage(Buffer.from("GIF89a...."))).toBe("image/gif");
    expect(sniffImage(Buffer.from("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffImage(Buffer.from("<svg></svg>"))).toBeNull();
  });

  it("reads one byte range of a file, as players ask for it", () => {
    expect(byteRange("bytes=0-99", 1000)).toEqual({ start: 0, end: 99 });
    expect(byteRange("bytes=900-", 1000)).toEqual({ start: 900, end: 999 });
    expect(byteRange("bytes=-100", 1000)).toEqual({ start: 900, end: 999 });
    expect(byteRange("bytes=500-5000", 1000)).toEqual({ start: 500, end: 999 });
    expect(byteRange("bytes=1000-", 1000)).toBe("unsatisfiable");
    expect(byteRange("bytes=5-2", 1000)).toBe("unsatisfiable");
    for (const header of [undefined, "bytes=-", "bytes=0-1,5-6", "items=0-1", "bytes=a-b"])
      expect(byteRange(header, 1000)).toBeNull();
  });
});
