// caseload.js - the page's JavaScript API to the engine (issue 22). The engine runs
// in a Web Worker (web/worker.js), so the page never freezes; every call returns
// a Promise of a result whose outputs are files:
//
//   const engine = new CaseloadEngine();          // starts the worker
//   const instance = await CaseloadEngine.instanceFromFiles(fileList);
//   const run = engine.plan({ instance, scenario, timeLimit: 60 },
//                           { onProgress: (p) => ... });   // p: elapsed, best, bound, gap
//   engine.stop(run);                             // keeps the best plan, with its gap
//   const result = await run;   // {exitCode, stopped, text, messages, files: [{name, type, bytes}], summary}
//
// An instance is {name, folder: false, files: [{name, bytes}]} for one JSON file or
// {name, folder: true, files: [...]} for a folder of CSV files as a spreadsheet
// program saves them. Scenarios, forecasts and plans are {name, bytes}. Nothing
// here knows how the worker runs a request (web/README.md).
'use strict';

class CaseloadEngine {
  // options.workerUrl: the worker's script (served pages); options.workerSource:
  // its whole text (the single-file page, which opens from file:// where a worker
  // can only be made from a blob).
  constructor(options = {}) {
    this.nextId = 1;
    this.pending = new Map();  // id -> {resolve, reject, onProgress, onMessage}
    this.failures = [];
    let worker;
    if (options.workerSource) {
      const blob = new Blob([options.workerSource], { type: 'text/javascript' });
      const url = URL.createObjectURL(blob);
      worker = new Worker(url);
      URL.revokeObjectURL(url);
    } else {
      worker = new Worker(options.workerUrl || 'worker.js');
    }
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => { this.readyResolve = resolve; this.readyReject = reject; });
    worker.onmessage = (event) => this.receive(event.data);
    // the worker itself failed (e.g. the tab's memory): every request fails, and
    // the next one gets a new worker
    worker.onerror = (event) => {
      event.preventDefault();
      this.fail(event.message || 'the engine stopped');
    };
    this.options = options;
  }

  receive(message) {
    const job = this.pending.get(message.id);
    switch (message.type) {
      case 'ready':
        this.readyResolve(message.engine);
        break;
      case 'progress':
        if (job && job.onProgress) job.onProgress(message);
        break;
      case 'message':
        if (job && job.onMessage) job.onMessage(message.text);
        break;
      case 'done':
        if (job) { this.pending.delete(message.id); job.resolve(message.result); }
        break;
      case 'failed':
        if (message.id === null) { this.readyReject(new Error(message.error)); this.fail(message.error); }
        if (job) { this.pending.delete(message.id); job.reject(new Error(message.error)); }
        break;
      default:
        break;
    }
  }

  fail(reason) {
    for (const [, job] of this.pending) job.reject(new Error(reason));
    this.pending.clear();
  }

  // Any request (command: check, plan, size, compare, explain, forecast, apply,
  // suggest, export, convert); the named methods below build them.
  run(request, callbacks = {}) {
    const id = this.nextId++;
    const promise = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress: callbacks.onProgress, onMessage: callbacks.onMessage });
    });
    promise.requestId = id;
    // the inputs are copied, so that the caller's buffers stay whole
    this.worker.postMessage({ type: 'run', id, request });
    return promise;
  }

  // End the search of a running request (or of all): its result is the best
  // plan found so far, marked with its gap, as Ctrl-C gives on the command line.
  stop(run) {
    this.worker.postMessage({ type: 'stop', id: run ? run.requestId : undefined });
  }

  terminate() { this.worker.terminate(); this.fail('the engine was closed'); }

  check({ instance, scenario }, callbacks) {
    return this.run({ command: 'check', instance, scenarios: scenario ? [scenario] : [] }, callbacks);
  }

  plan({ instance, scenario, timeLimit, gap, memoryLimit }, callbacks) {
    return this.run({ command: 'plan', instance, scenarios: scenario ? [scenario] : [],
                      options: { timeLimit, gap, memoryLimit } }, callbacks);
  }

  size({ instance, scenario, forecast, json, timeLimit }, callbacks) {
    return this.run({ command: 'size', instance, scenarios: scenario ? [scenario] : [], forecast,
                      options: { json: !!json, timeLimit } }, callbacks);
  }

  compare({ instance, scenarios, base, timeLimit }, callbacks) {
    return this.run({ command: 'compare', instance, scenarios, options: { base: !!base, timeLimit } }, callbacks);
  }

  explain({ instance, plan, child, scenario }, callbacks) {
    return this.run({ command: 'explain', instance, plan, child, scenarios: scenario ? [scenario] : [] }, callbacks);
  }

  forecast({ instance, forecast, scenario }, callbacks) {
    return this.run({ command: 'forecast', instance, forecast, scenarios: scenario ? [scenario] : [] }, callbacks);
  }

  // Adopt a plan: next month's instance as it stands after the plan (a JSON
  // file, or a folder of CSV files when the instance is a folder), as files.
  apply({ instance, plan, scenario }, callbacks) {
    return this.run({ command: 'apply', instance, plan, scenarios: scenario ? [scenario] : [] }, callbacks);
  }

  // Who should take a new family (a caseload-family/1 file): the best three with
  // their reasons as text, and everyone who may take them as JSON.
  suggest({ instance, family, scenario }, callbacks) {
    return this.run({ command: 'suggest', instance, family, scenarios: scenario ? [scenario] : [] }, callbacks);
  }

  exportModel({ instance, scenario, format, memoryLimit }, callbacks) {
    return this.run({ command: 'export', instance, scenarios: scenario ? [scenario] : [],
                      options: { format, memoryLimit } }, callbacks);
  }

  convert({ instance }, callbacks) {
    return this.run({ command: 'convert', instance }, callbacks);
  }

  // An instance from what the user picked or dropped: one .json file, or the
  // files of a folder (their webkitRelativePath names the folder).
  static async instanceFromFiles(fileList) {
    const list = Array.from(fileList);
    if (list.length === 0) throw new Error('no files');
    const read = async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    if (list.length === 1 && /\.json$/i.test(list[0].name)) {
      return { name: list[0].name, folder: false, files: [await read(list[0])] };
    }
    const relative = list[0].webkitRelativePath || '';
    const folderName = relative.includes('/') ? relative.split('/')[0] : 'folder';
    // the readers take the folder's files as a spreadsheet program wrote them
    const files = [];
    for (const file of list) {
      const path = file.webkitRelativePath || file.name;
      if (path.split('/').length > 2) continue;  // sub-folders are not part of an instance
      files.push(await read(file));
    }
    return { name: folderName, folder: true, files };
  }

  static async fileFrom(file) {
    return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  }
}

if (typeof self !== 'undefined') self.CaseloadEngine = CaseloadEngine;
