import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { type Figure, lower } from "./lib.js";

const dist = new URL("../web/dist/", import.meta.url).pathname;

/** The JavaScript a first visit downloads before the app can render: the entry and its preloads. */
export function benchBundle(): Figure[] {
  const html = readFileSync(path.join(dist, "index.html"), "utf8");
  const scripts = [
    ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/?([^"]+\.js)"/g),
  ].map((m) => m[1] as string);
  const sizes = scripts.map((file) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  return [
    {
      name: `SPA initial JavaScript, gzip (${scripts.length} files)`,
      value: `${(total / 1024).toFixed(1)} KB`,
      goal: "< 300 KB",
      ratio: `${((total / (300 * 1024)) * 100).toFixed(0)}% of the 300 KB budget`,
      measures: [lower("spa-initial-js-gzip", total / 1024, "KB")],
    },
  ];
}
