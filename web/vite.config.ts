import { fileURLToPath, URL } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const vendorGroups = [
  // React and the router change rarely: one long-cached chunk.
  {
    name: "react",
    test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/,
  },
  { name: "query", test: /node_modules[\\/]@tanstack[\\/]/ },
];

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  server: {
    proxy: {
      // Host is passed through unchanged: the server refuses writes whose Origin names another host.
      "/api": { target: "http://127.0.0.1:8080", ws: true },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rolldownOptions: {
      // antd's helper packages do not declare `sideEffects: false`, so the bundler keeps whole
      // modules (the form validator, for instance) that nothing uses. They have no import-time
      // side effects (styles are CSS-in-JS), so let tree-shaking drop what is unused.
      treeshake: {
        moduleSideEffects: (id: string) => !/[\\/]node_modules[\\/](@rc-component|@ant-design)[\\/]/.test(id),
      },
      output: {
        // antd and the icons are left to automatic splitting on purpose: what the shell uses loads
        // up front, heavy parts (Table, ColorPicker, Result's illustrations) with their pages.
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
});
