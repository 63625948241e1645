import { defineConfig } from "vite";

// The node serves dist/ (openledgerd start --web-dir web/dist) on its REST address, so the app
// reads the REST gateway from its own origin. `npm run dev` proxies the gateway instead.
export default defineConfig({
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500, sourcemap: false },
  server: {
    proxy: {
      "^/(cosmos|openledger)/": process.env.OPENLEDGER_REST || "http://127.0.0.1:1317",
    },
  },
  test: { include: ["src/**/*.test.ts"] },
});
