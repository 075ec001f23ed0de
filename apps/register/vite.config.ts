import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The register is served by the Kassa server at `/`; the API lives under /api on the same origin.
export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Kassa',
        short_name: 'Kassa',
        description: 'Kassa register',
        start_url: '/',
        display: 'standalone',
        background_color: '#0f172a',
        theme_color: '#0f172a',
        // PNGs made from icon.svg by scripts/make-icons.mjs: Chrome installs the app only with a 192
        // and a 512 PNG; Android crops the maskable one to its launcher's shape.
        icons: [
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The whole shell is precached so the register starts with no network at all. That includes
        // the camera scanner's decoder (assets/zxing_reader-<hash>.wasm, ~0.95 MB, emitted by the
        // `?url` import in src/scan/zxing-reader.ts): it is fetched from here, never from a CDN.
        globPatterns: ['**/*.{js,css,html,svg,png,json,wasm,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
      },
    }),
  ],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 800 },
});
