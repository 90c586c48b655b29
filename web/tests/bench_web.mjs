// bench_web.mjs - make bench-web: the same plans natively on one thread and in a
// Chromium tab (the single-file page from file://, the engine in its worker), in
// the same run, one instance after the other: wall seconds of each, their ratio
// (the bar: the browser within 2x), the native peak RSS, the tab's peak (the
// renderer process's VmHWM, the worker's wasm heap included) and the wasm heap.
// Usage: node web/tests/bench_web.mjs [INSTANCE.json ...] (BENCH_TIME_LIMIT=S)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { api, build, launch, root, web } from './harness.mjs';

const instances = process.argv.slice(2).length > 0 ? process.argv.slice(2)
  : ['instances/keski-suomi.json', 'instances/kymenlaakso.json', 'bench/instances/h1.json'];
// long enough that no part's share of the time binds (h1's shares would end it
// elsewhere on a slower run): the same plan on both sides
const timeLimit = process.env.BENCH_TIME_LIMIT || '600';

// Peak resident memory (VmHWM, kB) of every renderer process of the browser.
function rendererPeakKb(browser) {
  const pids = [];
  const parent = browser.process().pid;
  const children = (pid) => {
    for (const entry of readdirSync('/proc')) {
      if (!/^[0-9]+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === pid) { pids.push(Number(entry)); children(Number(entry)); }
      } catch (error) { /* gone */ }
    }
  };
  children(parent);
  let peak = 0;
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const match = /VmHWM:\s+([0-9]+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) peak = Math.max(peak, Number(match[1]));
    } catch (error) { /* gone */ }
  }
  return peak;
}

const rows = [];
for (const path of instances) {
  const name = path.split('/').pop();
  // native, one thread, wall time and peak RSS from GNU time
  const scratch = mkdtempSync(join(tmpdir(), 'caseload-bench-'));
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', join(build, 'caseload'), 'plan', join(root, path), '-o', join(scratch, 'plan.json'),
                                          '--threads', '1', '--time-limit', timeLimit, '--quiet'], { encoding: 'utf8' });
  const [nativeSeconds, nativeKb] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
  const nativePlan = JSON.parse(readFileSync(join(scratch, 'plan.json'), 'utf8'));
  rmSync(scratch, { recursive: true, force: true });
  // the browser: a fresh one, so that the peak is this instance's
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto('file://' + join(web, 'index.html'), { waitUntil: 'load' });
    await page.evaluate(() => self.caseloadEngine.ready);
    // a first plan warms the engine up (V8 compiles wasm lazily and tiers up in
    // the background): timed apart, as the cold start a user's first plan pays
    const warm = readFileSync(join(root, 'instances/kymenlaakso.json'));
    const coldStarted = Date.now();
    await api(page, 'plan', { instance: { name: 'kymenlaakso.json', folder: false, files: [{ name: 'kymenlaakso.json', bytes: warm }] } });
    const coldSeconds = (Date.now() - coldStarted) / 1000;
    const bytes = readFileSync(join(root, path));
    const started = Date.now();
    const result = await api(page, 'plan', { instance: { name, folder: false, files: [{ name, bytes }] }, timeLimit: Number(timeLimit) });
    const browserSeconds = (Date.now() - started) / 1000;
    const plan = JSON.parse(result.files[name.replace(/\.json$/, '-plan.json')].toString());
    rows.push({ name, coldSeconds, nativeSeconds, browserSeconds, workerSeconds: result.seconds, ratio: browserSeconds / nativeSeconds,
                nativeStatus: `${nativePlan.status} ${(100 * nativePlan.gap).toFixed(3)} %`, nativeMb: nativeKb / 1024,
                tabMb: rendererPeakKb(browser) / 1024, wasmMb: result.engine.memoryBytes / 1048576,
                status: `${plan.status} ${(100 * plan.gap).toFixed(3)} %` });
  } finally {
    await browser.close();
  }
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`bench-web: plan --threads 1 --time-limit ${timeLimit}, native and in Chromium (${new Date().toISOString().slice(0, 10)}, load ${load})`);
console.log('instance          native s  browser s (worker)  ratio  native plan       browser plan      native MiB  tab peak MiB  wasm heap MiB');
for (const r of rows) {
  console.log(`${r.name.padEnd(17)} ${r.nativeSeconds.toFixed(2).padStart(8)} ${r.browserSeconds.toFixed(2).padStart(10)} ` +
              `(${r.workerSeconds.toFixed(2).padStart(6)}) ${r.ratio.toFixed(2).padStart(6)}  ${r.nativeStatus.padEnd(17)} ` +
              `${r.status.padEnd(17)} ${r.nativeMb.toFixed(0).padStart(10)} ${r.tabMb.toFixed(0).padStart(13)} ${r.wasmMb.toFixed(0).padStart(14)}`);
}
console.log(`a first plan (Kymenlaakso) in a fresh tab, the engine cold: ${rows.map((r) => r.coldSeconds.toFixed(2)).join(', ')} s`);
console.log('browser s: after that first plan, the page\'s call to the result (inputs and outputs copied between page and worker); worker: the run');
console.log('in the worker (a fresh module instance, MEMFS in and out, the command). The machine is shared: times are noisy.');
const worst = Math.max(...rows.map((r) => r.ratio));
console.log(`browser within ${worst.toFixed(2)}x of native single-thread (bar: 2x)`);
