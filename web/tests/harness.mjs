// harness.mjs - what the browser tests and the bench share: Debian's Chromium
// driven by puppeteer-core (never a downloaded browser), a tiny static server that
// logs every request, the native binary run on the same inputs, and the
// comparison of outputs apart from timings (tests/same_plans.sh's norm()).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, extname, resolve, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const build = process.env.BUILD ? resolve(root, process.env.BUILD) : join(root, 'build');
export const web = join(build, 'web');
const modules = join(build, 'web-test');
const require = createRequire(join(modules, 'package.json'));
export const puppeteer = require('puppeteer-core');
export const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'caseload-chromium-'));
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    protocolTimeout: 900000,
  }).then((browser) => {
    browser.profile = profile;
    const close = browser.close.bind(browser);
    browser.close = async () => { await close(); rmSync(profile, { recursive: true, force: true }); };
    return browser;
  });
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css',
                '.wasm': 'application/wasm', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
                '.gz': 'application/gzip', '.png': 'image/png' };

// A static server of build/web on 127.0.0.1; server.log lists every request path.
export function serve() {
  return new Promise((done) => {
    const log = [];
    const server = createServer((request, response) => {
      log.push(request.url);
      const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
      const file = join(web, path === '/' ? 'index.html' : path);
      if (!file.startsWith(web) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
      response.end(readFileSync(file));
    });
    server.listen(0, '127.0.0.1', () => {
      server.origin = `http://127.0.0.1:${server.address().port}`;
      server.log = log;
      done(server);
    });
  });
}

// The native binary on the same inputs laid out as the worker lays them out
// (in/NAME, in/scenarios/, in/forecast/, in/plan/; outputs in out/), run in a
// fresh folder: returns {exitCode, stdout, stderr, files: {name: Buffer}}.
export function native(args, inputs) {
  const work = mkdtempSync(join(tmpdir(), 'caseload-native-'));
  try {
    for (const [path, bytes] of Object.entries(inputs)) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), bytes);
    }
    mkdirSync(join(work, 'out'), { recursive: true });
    const binary = join(build, 'caseload');
    const run = spawnSync(binary, args, { cwd: work, maxBuffer: 1 << 28 });
    const files = {};
    const walk = (dir, prefix) => {
      for (const entry of readdirSync(dir)) {
        const full = join(dir, entry), name = prefix ? prefix + '/' + entry : entry;
        if (statSync(full).isDirectory()) walk(full, name);
        else files[name] = readFileSync(full);
      }
    };
    walk(join(work, 'out'), '');
    return { exitCode: run.status, stdout: run.stdout, stderr: run.stderr.toString(), files };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// tests/same_plans.sh's norm(): timings left out.
export function norm(bytes) {
  return Buffer.from(bytes).toString('utf8')
    .replace(/"(solve_seconds|seconds|elapsed_seconds)": *[-0-9.e+]+/g, '"$1": 0')
    .replace(/[0-9.]+ s\b/g, 'T s');
}

export function sameApartFromTimings(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0 || norm(a) === norm(b);
}

// The first line where two texts differ, for a failure's message.
export function firstDifference(a, b) {
  const x = norm(a).split('\n'), y = norm(b).split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if (x[i] !== y[i]) return `line ${i + 1}: ${JSON.stringify((x[i] || '').slice(0, 160))} vs ${JSON.stringify((y[i] || '').slice(0, 160))}`;
  return 'same';
}

export const file = (path) => readFileSync(join(root, path));

// A JSON file with some keys replaced (a shorter forecast, as same_plans.sh does).
export function patched(path, changes) {
  const value = JSON.parse(readFileSync(join(root, path), 'utf8'));
  return Buffer.from(JSON.stringify({ ...value, ...changes }, null, 2));
}

// Call the page's JavaScript API (self.caseloadEngine) with files given as
// Buffers; the result's files come back as Buffers.
export async function api(page, method, args) {
  const encode = (value) => {
    if (Buffer.isBuffer(value)) return { __bytes: value.toString('base64') };
    if (Array.isArray(value)) return value.map(encode);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
    return value;
  };
  const result = await page.evaluate(async (method, args) => {
    const decode = (value) => {
      if (value && value.__bytes !== undefined) return Uint8Array.from(atob(value.__bytes), (c) => c.charCodeAt(0));
      if (Array.isArray(value)) return value.map(decode);
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
      return value;
    };
    const toBase64 = (bytes) => {
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      return btoa(text);
    };
    const result = await self.caseloadEngine[method](decode(args));
    return { ...result, files: result.files.map((f) => ({ name: f.name, type: f.type, base64: toBase64(f.bytes) })) };
  }, method, encode(args));
  result.files = Object.fromEntries(result.files.map((f) => [f.name, Buffer.from(f.base64, 'base64')]));
  return result;
}

// Counting checks: check(name, condition, detail).
export function checker() {
  let passed = 0, failed = 0;
  const check = (name, ok, detail = '') => {
    if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
    return ok;
  };
  check.summary = () => ({ passed, failed });
  return check;
}
