// worker.js - the engine's Web Worker (issue 22). It runs one request at a time
// and speaks the protocol of web/README.md:
//   page -> worker  {type: 'run', id, request}   {type: 'stop', id}
//   worker -> page  {type: 'ready', engine}      {type: 'progress', id, ...}
//                   {type: 'done', id, result}   {type: 'failed', id, error}
// A request names a command and its inputs as files (bytes), never paths; a result
// carries every output as a file. What runs the request is the backend below: today
// the command line compiled to WebAssembly (web/engine.c) over Emscripten's
// in-memory file system; the public C API can take its place without the page
// noticing, since nothing of argv, MEMFS or the command line's text leaves this file.
'use strict';
/* global createCaseloadEngine, importScripts */

// The single-file page prepends the engine's code and its wasm (base64) to this
// file; served as separate files, the worker loads them beside itself.
if (typeof createCaseloadEngine === 'undefined') importScripts('caseload-engine.js');

const POLL_SECONDS = 0.25;  // how often a running command yields (stop, progress)

let compiled = null;  // Promise of the WebAssembly.Module, compiled once
function compiledEngine() {
  if (compiled === null) {
    compiled = (async () => {
      if (typeof self.CASELOAD_WASM_BASE64 === 'string') {
        const text = atob(self.CASELOAD_WASM_BASE64);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
        return WebAssembly.compile(bytes);
      }
      const response = await fetch('caseload-engine.wasm');
      if (!response.ok) throw new Error('caseload-engine.wasm: ' + response.status);
      return WebAssembly.compile(await response.arrayBuffer());
    })();
  }
  return compiled;
}

// --- The command-line backend -------------------------------------------------

// The command runs in /run with its inputs in in/ and its outputs in out/, so that
// a name it prints or writes is the same as the command line's in a folder laid
// out the same way (the tests compare them byte for byte).
const RUN = '/run', IN = 'in', OUT = 'out';

// A file name safe in MEMFS and in a download: its last path component.
function baseName(name) {
  const parts = String(name).split(/[\\/]/);
  const last = parts[parts.length - 1] || 'file';
  return last === '.' || last === '..' ? 'file' : last;
}
function stem(name) { return baseName(name).replace(/\.[^.]*$/, ''); }

// The command line of a request, and the outputs it writes (MEMFS path, name).
function commandLine(request) {
  const instanceName = request.instance.folder ? baseName(request.instance.name || 'folder')
                                               : baseName(request.instance.files[0].name);
  const instancePath = IN + '/' + instanceName;
  const base = stem(instanceName);
  const argv = [request.command, instancePath];
  const outputs = [];
  const output = (option, suffix) => {
    const name = base + '-' + suffix;
    argv.push(option, OUT + '/' + name);
    outputs.push(name);
  };
  const scenarioPaths = (request.scenarios || []).map((file) => IN + '/scenarios/' + baseName(file.name));
  const oneScenario = () => { if (scenarioPaths.length > 0) argv.push('-s', scenarioPaths[0]); };
  const options = request.options || {};
  const solveOptions = () => {
    argv.push('--threads', '1');  // single-threaded wasm
    if (options.timeLimit !== undefined) argv.push('--time-limit', String(options.timeLimit));
    if (options.gap !== undefined) argv.push('--gap', String(options.gap));
    if (options.memoryLimit !== undefined) argv.push('--memory-limit', String(options.memoryLimit));
  };
  let stdoutName = null;
  switch (request.command) {
    case 'check':
      oneScenario();
      output('--html', 'check.html');
      stdoutName = base + '-check.txt';
      break;
    case 'plan':
      oneScenario();
      output('-o', 'plan.json');
      output('--csv', 'plan.csv');
      output('--html', 'plan.html');
      output('--workers-csv', 'workers.csv');
      output('--teams-csv', 'teams.csv');
      solveOptions();
      stdoutName = base + '-plan.txt';
      break;
    case 'size':
      oneScenario();
      if (request.forecast) {
        argv.push('-f', IN + '/forecast/' + baseName(request.forecast.name), '--threads', '1');
      } else {
        output('--csv', 'size.csv');
        solveOptions();
      }
      if (options.json) argv.push('--json');
      stdoutName = base + (options.json ? '-size.json' : '-size.txt');
      break;
    case 'compare':
      for (const path of scenarioPaths) argv.push('-s', path);
      if (options.base) argv.push('--base');
      argv.push('--json');
      output('-o', 'compare.json');
      output('--csv', 'compare.csv');
      output('--html', 'compare.html');
      solveOptions();
      stdoutName = base + '-compare.txt';
      break;
    case 'explain':
      argv.push(IN + '/plan/' + baseName(request.plan.name), String(request.child));
      oneScenario();
      stdoutName = base + '-explain-' + baseName(String(request.child)) + '.txt';
      break;
    case 'forecast':
      argv.push('-f', IN + '/forecast/' + baseName(request.forecast.name));
      oneScenario();
      output('-o', 'forecast.json');
      output('--csv', 'forecast.csv');
      output('--html', 'forecast.html');
      argv.push('--threads', '1', '--quiet');
      stdoutName = base + '-forecast.txt';
      break;
    case 'apply':
      // the plan adopted: next month's instance, a JSON file or (from a CSV
      // folder) a folder of CSV files, written whole as the command line does
      argv.push(IN + '/plan/' + baseName(request.plan.name));
      oneScenario();
      if (request.instance.folder) output('-o', 'next');
      else output('-o', 'next.json');
      stdoutName = base + '-apply.txt';
      break;
    case 'suggest':
      // who should take a new family (a caseload-family/1 file)
      argv.push(IN + '/family/' + baseName(request.family.name));
      oneScenario();
      output('-o', 'suggestions.json');
      stdoutName = base + '-suggest.txt';
      break;
    case 'export': {
      oneScenario();
      const format = options.format || 'lp';
      if (!['lp', 'mps', 'dat'].includes(format)) throw new Error('export: unknown format ' + format);
      output('--' + format, 'model.' + format);
      if (options.memoryLimit !== undefined) argv.push('--memory-limit', String(options.memoryLimit));
      break;
    }
    case 'convert':
      // a CSV folder to one instance JSON, or an instance to a folder of CSV files
      if (request.instance.folder) output('-o', 'instance.json');
      else output('-o', 'folder');
      break;
    default:
      throw new Error('unknown command ' + request.command);
  }
  return { argv, instancePath, scenarioPaths, outputs, stdoutName };
}

// The whole plan's progress line of src/solve/solve.c (trace_part).
const PROGRESS_LINE = /^caseload: ([0-9.]+) s: whole plan ([-0-9.]+|none yet), bound ([-0-9.]+), gap ([0-9.]+) %/;
// check's verdict line (src/report/check.c).
const VERDICT_LINE = /^verdict: (NOT COMPLIANT|COMPLIANT)/;

// Write `bytes` at `path` (relative to RUN), making its folders.
function writeFile(FS, path, bytes) {
  FS.mkdirTree(RUN + '/' + path.slice(0, path.lastIndexOf('/')));
  FS.writeFile(RUN + '/' + path, bytes);
}

// Every file under `path` in MEMFS, as {name, bytes} with names relative to `prefix`.
function readTree(FS, path, prefix, files) {
  for (const entry of FS.readdir(path)) {
    if (entry === '.' || entry === '..') continue;
    const full = path + '/' + entry, name = prefix ? prefix + '/' + entry : entry;
    if (FS.isDir(FS.stat(full).mode)) readTree(FS, full, name, files);
    else files.push({ name, bytes: FS.readFile(full) });
  }
  return files;
}

const MEDIA_TYPES = { json: 'application/json', csv: 'text/csv', html: 'text/html', txt: 'text/plain',
                      lp: 'text/plain', mps: 'text/plain', dat: 'text/plain' };
function mediaType(name) {
  const match = /\.([a-z]+)$/.exec(name);
  return (match && MEDIA_TYPES[match[1]]) || 'application/octet-stream';
}

// Summaries the page shows in its own language, from the outputs.
function summarise(request, stdoutText, files) {
  const summary = {};
  const planFile = files.find((f) => f.name.endsWith('-plan.json'));
  if (planFile) {
    try {
      const plan = JSON.parse(new TextDecoder().decode(planFile.bytes));
      summary.status = plan.status;
      summary.gap = plan.gap;
      summary.objective = plan.objective;
      summary.bound = plan.bound;
      summary.before = plan.compliance && plan.compliance.before;
      summary.after = plan.compliance && plan.compliance.after;
      summary.moves = (plan.assignments || []).filter((a) => a.from !== a.to && a.from !== null).length;
      summary.children = (plan.assignments || []).length;
    } catch (error) { /* the text output stands alone */ }
  }
  if (request.command === 'check') {
    const line = stdoutText.split('\n').find((l) => VERDICT_LINE.test(l));
    if (line) {
      const numbers = line.match(/[0-9]+(\.[0-9]+)?/g) || [];
      summary.compliant = !line.startsWith('verdict: NOT');
      summary.now = summary.compliant ? null : {
        workers_over_cap: +numbers[0], children_over_cap: +numbers[1],
        children_with_worker_over_cap: +numbers[2], max_load_ratio: numbers[3] / 100,
      };
    }
  }
  return summary;
}

async function runWithCommandLine(request, hooks) {
  const module = await compiledEngine();
  const stdout = [], stderr = [];
  let best = null, bound = null, gap = null;
  const started = performance.now();
  let lastYield = started, longestWithoutYield = 0, yields = 0;
  const engine = await createCaseloadEngine({
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module));
      return {};
    },
    // standard output byte for byte (a device); standard error stays a terminal,
    // line by line, so that the command shows its progress lines
    stdout: (byte) => { if (byte !== null) stdout.push(byte); },
    printErr: (line) => {
      const text = String(line).split('\r').pop();
      const match = PROGRESS_LINE.exec(text);
      if (match) {
        best = match[2] === 'none yet' ? null : Number(match[2]);
        bound = Number(match[3]);
        gap = Number(match[4]) / 100;
      } else if (text.length > 0) {
        stderr.push(text);
        hooks.message(text);
      }
    },
    webPoll: {
      due: () => performance.now() - lastYield >= POLL_SECONDS * 1000,
      stopped: () => hooks.stopped(),
      yieldThen(resume) {
        const now = performance.now();
        longestWithoutYield = Math.max(longestWithoutYield, now - lastYield);
        yields++;
        hooks.progress({ elapsed: (now - started) / 1000, best, bound, gap });
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { channel.port1.close(); lastYield = performance.now(); resume(); };
        channel.port2.postMessage(0);
      },
    },
  });
  const { FS } = engine;
  const { argv, instancePath, scenarioPaths, outputs, stdoutName } = commandLine(request);
  FS.mkdirTree(RUN + '/' + IN);
  FS.mkdirTree(RUN + '/' + OUT);
  FS.chdir(RUN);
  if (request.instance.folder) {
    FS.mkdirTree(RUN + '/' + instancePath);
    for (const file of request.instance.files) writeFile(FS, instancePath + '/' + baseName(file.name), file.bytes);
  } else {
    writeFile(FS, instancePath, request.instance.files[0].bytes);
  }
  (request.scenarios || []).forEach((file, i) => writeFile(FS, scenarioPaths[i], file.bytes));
  if (request.forecast) writeFile(FS, IN + '/forecast/' + baseName(request.forecast.name), request.forecast.bytes);
  if (request.plan) writeFile(FS, IN + '/plan/' + baseName(request.plan.name), request.plan.bytes);
  if (request.family) writeFile(FS, IN + '/family/' + baseName(request.family.name), request.family.bytes);

  // argv in the module's memory, as a C main receives it
  const words = ['caseload', ...argv].map((word) => new TextEncoder().encode(word));
  const pointers = words.map((bytes) => {
    const pointer = engine._malloc(bytes.length + 1);
    engine.HEAPU8.set(bytes, pointer);
    engine.HEAPU8[pointer + bytes.length] = 0;
    return pointer;
  });
  const vector = engine._malloc(4 * (pointers.length + 1));
  pointers.forEach((pointer, i) => { engine.HEAP32[(vector >> 2) + i] = pointer; });
  engine.HEAP32[(vector >> 2) + pointers.length] = 0;

  let exitCode;
  try {
    exitCode = await engine.ccall('web_main', 'number', ['number', 'number'], [words.length, vector],
                                  { async: true });
  } catch (error) {
    // an abort of the module (out of memory past the allocator, a trap): the
    // command's own exit code 5, "internal error", with what the module said
    stderr.push('caseload: the engine stopped: ' + (error && error.message ? error.message : String(error)));
    exitCode = 5;
  }
  const seconds = (performance.now() - started) / 1000;
  const files = [];
  try {
    readTree(FS, OUT, '', files);
  } catch (error) { /* nothing written */ }
  const stdoutBytes = new Uint8Array(stdout);
  const stdoutText = new TextDecoder().decode(stdoutBytes);
  if (stdoutName && stdoutBytes.length > 0) files.push({ name: stdoutName, bytes: stdoutBytes });
  const named = files.map((file) => ({ name: file.name, type: mediaType(file.name), bytes: file.bytes }));
  return {
    command: request.command,
    exitCode,
    stopped: hooks.stopped(),
    seconds,
    text: stdoutText,
    messages: stderr.join('\n'),
    files: named,
    summary: summarise(request, stdoutText, named),
    progress: { best, bound, gap },
    engine: { backend: 'command-line', yields, longestWithoutYield: longestWithoutYield / 1000,
              memoryBytes: engine.HEAPU8.length, argv: argv.join(' ') },
    expected: outputs,
  };
}

// --- The protocol ---------------------------------------------------------------

const queue = [];
let running = null;  // {id, stop}

async function drain() {
  if (running !== null || queue.length === 0) return;
  const { id, request } = queue.shift();
  running = { id, stop: false };
  const job = running;
  const hooks = {
    stopped: () => job.stop,
    progress: (p) => self.postMessage({ type: 'progress', id, ...p }),
    message: (text) => self.postMessage({ type: 'message', id, text }),
  };
  try {
    const result = await runWithCommandLine(request, hooks);
    self.postMessage({ type: 'done', id, result }, result.files.map((f) => f.bytes.buffer));
  } catch (error) {
    self.postMessage({ type: 'failed', id, error: error && error.message ? error.message : String(error) });
  }
  running = null;
  drain();
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === 'run') {
    queue.push({ id: message.id, request: message.request });
    drain();
  } else if (message.type === 'stop') {
    if (running !== null && (message.id === undefined || running.id === message.id)) running.stop = true;
    const waiting = queue.findIndex((job) => job.id === message.id);
    if (waiting >= 0) {
      queue.splice(waiting, 1);
      self.postMessage({ type: 'failed', id: message.id, error: 'stopped before it started' });
    }
  }
};

compiledEngine().then(
  () => self.postMessage({ type: 'ready', engine: { backend: 'command-line', threads: 1 } }),
  (error) => self.postMessage({ type: 'failed', id: null, error: 'the engine could not be loaded: ' + error }));
