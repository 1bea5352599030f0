// Served by the page tests under /npm-vite/.
export default { base: "/npm-vite/", build: { outDir: "dist", emptyOutDir: true } };
