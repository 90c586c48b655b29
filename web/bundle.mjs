// bundle.mjs - assembles build/web/ from web/ and the engine emcc built (make web):
//   index.html    the single-file page: styles, scripts, the worker with the engine
//                 and its wasm (base64) and the bundled instances inline; it opens
//                 from file:// (where a worker can only be made from a blob)
//   app.html      the same page as separate files, for a web or intranet server:
//                 worker.js, caseload-engine.js, caseload-engine.wasm, caseload.js,
//                 i18n.js, page.js, bundled.js, style.css
//   LICENSE.txt   the licence (source.tar.gz is written by the Makefile)
// Both pages carry a Content-Security-Policy that forbids every connection
// (connect-src 'none'; app.html: 'self', to load its own wasm) and every script
// and style that is not the page's own (inline ones by their SHA-256).
// Usage: node web/bundle.mjs OUT_DIR
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = process.argv[2];
if (!out) { console.error('usage: node web/bundle.mjs OUT_DIR'); process.exit(2); }
mkdirSync(out, { recursive: true });

const read = (path) => readFileSync(join(root, path), 'utf8');
const engineJs = readFileSync(join(out, 'engine', 'caseload-engine.js'), 'utf8');
const engineWasm = readFileSync(join(out, 'engine', 'caseload-engine.wasm'));
const template = read('web/index.html');
const style = read('web/style.css');
const scripts = ['web/i18n.js', 'web/caseload.js'].map(read);
const page = read('web/page.js');
const worker = read('web/worker.js');

// The instances one click away (the page's "try" buttons).
const bundled = {
  instances: {
    'keski-suomi': { name: 'keski-suomi.json', text: read('instances/keski-suomi.json') },
    kymenlaakso: { name: 'kymenlaakso.json', text: read('instances/kymenlaakso.json') },
  },
};
// A JavaScript expression of `value` that is safe inside <script>: no "</script",
// no "<!--".
const literal = (value) => JSON.stringify(value).replace(/</g, '\\u003c');
const bundledJs = `'use strict';\nself.CASELOAD_BUNDLED = ${literal(bundled)};\n`;

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const fill = (csp, styleHtml, scriptsHtml) =>
  template.replace('@CSP@', csp).replace('@STYLE@', styleHtml).replace('@SCRIPTS@', scriptsHtml);

// --- index.html: one file ---------------------------------------------------------
const workerSource = `${engineJs}\nself.CASELOAD_WASM_BASE64 = ${literal(engineWasm.toString('base64'))};\n${worker}`;
const inline = [
  ...scripts,
  bundledJs,
  `'use strict';\nself.CASELOAD_WORKER_SOURCE = ${literal(workerSource)};\n`,
  page,
];
const singleCsp = [
  "default-src 'none'",
  `script-src ${inline.map(sha256).join(' ')} 'wasm-unsafe-eval'`,
  "worker-src blob:",
  `style-src ${sha256(style)}`,
  "img-src 'self' data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
writeFileSync(join(out, 'index.html'),
  fill(singleCsp, `<style>${style}</style>`, inline.map((code) => `<script>${code}</script>`).join('\n')));

// --- app.html and its files ----------------------------------------------------------
copyFileSync(join(out, 'engine', 'caseload-engine.js'), join(out, 'caseload-engine.js'));
copyFileSync(join(out, 'engine', 'caseload-engine.wasm'), join(out, 'caseload-engine.wasm'));
writeFileSync(join(out, 'worker.js'), worker);
writeFileSync(join(out, 'i18n.js'), scripts[0]);
writeFileSync(join(out, 'caseload.js'), scripts[1]);
writeFileSync(join(out, 'page.js'), page);
writeFileSync(join(out, 'bundled.js'), bundledJs);
writeFileSync(join(out, 'style.css'), style);
const appCsp = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
writeFileSync(join(out, 'app.html'),
  fill(appCsp, '<link rel="stylesheet" href="style.css">',
    ['i18n.js', 'caseload.js', 'bundled.js', 'page.js'].map((f) => `<script src="${f}"></script>`).join('\n')));
copyFileSync(join(root, 'LICENSE'), join(out, 'LICENSE.txt'));

const size = (bytes) => `${(bytes / 1048576).toFixed(2)} MB`;
console.log(`bundle: ${join(out, 'index.html')} (${size(readFileSync(join(out, 'index.html')).length)}), ` +
            `app.html + caseload-engine.wasm (${size(engineWasm.length)})`);
