import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
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
