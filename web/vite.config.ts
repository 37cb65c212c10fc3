import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { marked } from 'marked';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** The dashboard's budget for all of its JavaScript, gzipped (issue 5). */
const JS_BUDGET_KB = 300;

/**
 * Prints the total gzipped size of every JS chunk after the per-chunk list Vite prints, and fails
 * the build when it is over budget, so a heavy new dependency is caught at `npm run build`.
 */
function jsBudget(): Plugin {
  return {
    name: 'lp-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      let bytes = 0;
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk') bytes += gzipSync(file.code, { level: 9 }).length;
      }
      const kb = bytes / 1000;
      const line = `JS bundle: ${kb.toFixed(1)} kB gzipped in total (budget ${JS_BUDGET_KB} kB)`;
      if (kb > JS_BUDGET_KB) this.error(line);
      // Printed at the end of the build, after Vite's table of chunks.
      process.once('beforeExit', () => console.log(line));
    },
  };
}

/**
 * `import html from '…/doc.md'` gives the document as HTML, rendered here at build time (marked), so
 * a page written once in docs/ is shown in the dashboard without a Markdown reader in the bundle.
 */
function markdownAsHtml(): Plugin {
  return {
    name: 'lp-markdown-html',
    load(id) {
      if (!id.endsWith('.md')) return null;
      const html = marked.parse(readFileSync(id, 'utf8'), { async: false });
      return `export default ${JSON.stringify(html)};`;
    },
  };
}

export default defineConfig({
  plugins: [react(), jsBudget(), markdownAsHtml()],
  css: {
    preprocessorOptions: {
      // nhsuk-frontend 9 still uses Sass syntax that Dart Sass deprecates; the warnings are theirs, not ours.
      scss: { quietDeps: true, silenceDeprecations: ['if-function'] },
    },
  },
  server: {
    // In production the API serves web/dist itself (same origin); in dev Vite forwards to it.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // recharts (with its d3 and redux dependencies) is most of the bundle. Splitting vendors into React,
        // zod and "everything else" keeps each chunk under Vite's 500 kB warning and lets browsers cache them
        // across deploys of our own code.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|@tanstack)[\\/]/, priority: 2 },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 2 },
            { name: 'charts', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
