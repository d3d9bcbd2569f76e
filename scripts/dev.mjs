#!/usr/bin/env node
// `npm run dev`: the server with reload on change (tsx watch) and the web app through Vite's dev
// server, which proxies /api (and the WebSocket) to the server.
import { spawn } from "node:child_process";

const children = [
  spawn("npx", ["tsx", "watch", "server/src/main.ts"], {
    stdio: "inherit",
    env: { ...process.env, LOG_PRETTY: "true" },
  }),
  spawn("npm", ["run", "dev", "-w", "web"], { stdio: "inherit" }),
];
const stop = () => {
  for (const child of children) child.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children)
  child.on("exit", (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
