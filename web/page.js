// page.js - the small page of issue 22: open an instance (a JSON file, a CSV
// folder or a bundled county), check or plan it with progress and a stop button,
// show the verdict in the page's language and offer every output to save. The
// engine is web/caseload.js's CaseloadEngine; the texts are web/i18n.js's.
'use strict';
/* global CaseloadEngine, CaseloadTexts, CASELOAD_BUNDLED */

(function () {
  const $ = (id) => document.getElementById(id);
  const texts = new CaseloadTexts(chosenLanguage());
  const state = { instance: null, scenario: null, run: null, result: null, progress: null, started: 0,
                  timer: null, downloads: [], lastKind: null };

  // the worker: from its text where the page carries it (the single-file page,
  // which opens from file://), else from worker.js beside the page
  const engine = typeof self.CASELOAD_WORKER_SOURCE === 'string'
    ? new CaseloadEngine({ workerSource: self.CASELOAD_WORKER_SOURCE })
    : new CaseloadEngine({ workerUrl: 'worker.js' });
  self.caseloadEngine = engine;  // the JavaScript API, for scripts and tests
  self.caseloadPage = state;

  function chosenLanguage() {
    const asked = new URLSearchParams(location.search).get('lang');
    if (asked && ['fi', 'sv', 'en'].includes(asked)) return asked;
    const browser = (navigator.language || 'fi').slice(0, 2);
    return ['fi', 'sv', 'en'].includes(browser) && browser !== 'en' ? browser : 'fi';
  }

  function show() {
    texts.apply(document);
    $('language').value = texts.language;
    showLoaded();
    if (state.result) showResult(state.result, state.lastKind);
    if (state.run) showProgress();
    $('status').textContent = state.statusKey ? texts.t(state.statusKey, state.statusValues) : '';
  }

  function setStatus(key, values) {
    state.statusKey = key;
    state.statusValues = values;
    $('status').textContent = key ? texts.t(key, values) : '';
  }

  function showLoaded() {
    const parts = [];
    if (!state.instance) parts.push(texts.t('open.none'));
    else if (state.instance.folder) parts.push(texts.t('open.loaded', { name: state.instance.name, count: state.instance.files.length }));
    else parts.push(texts.t('open.loaded-one', { name: state.instance.name }));
    if (state.scenario) parts.push(texts.t('open.scenario-loaded', { name: state.scenario.name }));
    $('loaded').textContent = parts.join(' ');
    // the names chosen, in place of the browser's own "no file chosen"
    $('instance-file-name').textContent = state.instance && !state.instance.folder && state.instance.picked ? state.instance.name : '';
    $('instance-folder-name').textContent = state.instance && state.instance.folder ? state.instance.name : '';
    $('scenario-file-name').textContent = state.scenario ? state.scenario.name : '';
  }

  async function openFiles(files) {
    if (!files || files.length === 0) return;
    state.instance = await CaseloadEngine.instanceFromFiles(files);
    state.instance.picked = true;
    showLoaded();
  }

  function openBundled(id) {
    const bundled = CASELOAD_BUNDLED.instances[id];
    state.instance = { name: bundled.name, folder: false, files: [{ name: bundled.name, bytes: new TextEncoder().encode(bundled.text) }] };
    showLoaded();
  }

  // --- running --------------------------------------------------------------

  function busy(running) {
    $('check').disabled = running;
    $('plan').disabled = running;
    $('stop').disabled = !running;
  }

  function showProgress() {
    const p = state.progress || {};
    const elapsed = state.started ? (performance.now() - state.started) / 1000 : 0;
    $('progress-elapsed').textContent = texts.number(Math.floor(elapsed)) + ' s';
    $('progress-best').textContent = p.best === null || p.best === undefined ? texts.t('run.none-yet') : texts.number(p.best);
    $('progress-bound').textContent = p.bound === null || p.bound === undefined ? '–' : texts.number(p.bound);
    $('progress-gap').textContent = p.gap === null || p.gap === undefined ? '–' : texts.percent(p.gap) + ' %';
  }

  async function start(kind) {
    if (!state.instance) { setStatus('run.need-instance'); return; }
    busy(true);
    state.progress = null;
    state.started = performance.now();
    setStatus(kind === 'plan' ? 'run.running-plan' : 'run.running-check');
    showProgress();
    state.timer = setInterval(showProgress, 1000);
    state.progressTimes = [];  // when each progress message came (the tests read it)
    const callbacks = { onProgress: (p) => { state.progress = p; state.progressTimes.push(performance.now()); showProgress(); } };
    try {
      const limit = Math.max(1, Number($('time-limit').value) || 60);
      state.run = kind === 'plan'
        ? engine.plan({ instance: state.instance, scenario: state.scenario, timeLimit: limit }, callbacks)
        : engine.check({ instance: state.instance, scenario: state.scenario }, callbacks);
      const result = await state.run;
      state.result = result;
      state.lastKind = kind;
      // the end: the plan's own objective, bound and gap
      const s = result.summary || {};
      if (s.objective !== undefined) state.progress = { best: s.objective, bound: s.bound, gap: s.gap };
      showResult(result, kind);
      setStatus(result.exitCode <= 1 ? (kind === 'plan' ? 'result.done-plan' : 'result.done-check') : 'result.failed',
                { code: result.exitCode });
    } catch (error) {
      setStatus('result.engine-failed', { reason: error.message });
    } finally {
      clearInterval(state.timer);
      showProgress();
      state.run = null;
      busy(false);
    }
  }

  // --- the result -------------------------------------------------------------

  function paragraph(text, className) {
    const p = document.createElement('p');
    p.textContent = text;
    if (className) p.className = className;
    return p;
  }

  function verdictLines(result, kind) {
    const s = result.summary || {};
    const lines = [];
    if (kind === 'check' && s.compliant !== undefined) {
      if (s.compliant) lines.push([texts.t('verdict.compliant'), 'good']);
      else lines.push([texts.t('verdict.check', { workers: s.now.workers_over_cap, children: s.now.children_over_cap,
        affected: s.now.children_with_worker_over_cap, load: texts.number(Math.round(100 * s.now.max_load_ratio)) }), 'bad']);
    }
    if (kind === 'plan' && s.after) {
      const values = { workers: s.after.workers_over_cap, workersNow: s.before.workers_over_cap,
        children: s.after.children_over_cap, childrenNow: s.before.children_over_cap,
        load: texts.number(Math.round(100 * s.after.max_load_ratio)), loadNow: texts.number(Math.round(100 * s.before.max_load_ratio)) };
      if (s.after.workers_over_cap === 0) lines.push([texts.t('verdict.plan-compliant', values), 'good']);
      else lines.push([texts.t('verdict.plan', values), 'bad']);
      if (result.stopped) lines.push([texts.t('verdict.stopped'), '']);
      lines.push([texts.t(s.status === 'optimal' ? 'verdict.status-optimal' : 'verdict.status-feasible',
                          { gap: texts.percent(s.gap || 0), moves: s.moves }), '']);
    }
    return lines;
  }

  function showResult(result, kind) {
    const verdict = $('verdict');
    verdict.replaceChildren(...verdictLines(result, kind).map(([text, className]) => paragraph(text, className)));
    if (verdict.children.length === 0 && result.exitCode > 1) verdict.append(paragraph(texts.t('result.failed', { code: result.exitCode }), 'bad'));
    for (const url of state.downloads) URL.revokeObjectURL(url);
    state.downloads = [];
    const list = $('downloads');
    list.replaceChildren();
    for (const file of result.files) {
      const url = URL.createObjectURL(new Blob([file.bytes], { type: file.type }));
      state.downloads.push(url);
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = url;
      link.download = file.name;
      link.textContent = file.name;
      item.append(link, ' (' + texts.number(Math.max(1, Math.round(file.bytes.length / 1024))) + ' kB)');
      list.append(item);
    }
    $('downloads-heading').hidden = result.files.length === 0;
    $('output').textContent = result.text;
    $('output-details').hidden = result.text.length === 0;
    $('messages').textContent = result.messages;
    $('messages-details').hidden = result.messages.length === 0;
  }

  // --- wiring -------------------------------------------------------------------

  $('language').addEventListener('change', (event) => { texts.set(event.target.value); show(); });
  $('instance-file').addEventListener('change', (event) => openFiles(event.target.files));
  $('instance-folder').addEventListener('change', (event) => openFiles(event.target.files));
  $('scenario-file').addEventListener('change', async (event) => {
    state.scenario = event.target.files.length ? await CaseloadEngine.fileFrom(event.target.files[0]) : null;
    showLoaded();
  });
  $('try-keski-suomi').addEventListener('click', () => openBundled('keski-suomi'));
  $('try-kymenlaakso').addEventListener('click', () => openBundled('kymenlaakso'));
  $('check').addEventListener('click', () => start('check'));
  $('plan').addEventListener('click', () => start('plan'));
  $('stop').addEventListener('click', () => {
    if (!state.run) return;
    engine.stop(state.run);
    setStatus('run.stopping');
  });
  const dropZone = $('open');
  dropZone.addEventListener('dragover', (event) => { event.preventDefault(); dropZone.classList.add('dragging'); });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    openFiles(event.dataTransfer.files);
  });

  show();
  setStatus('run.loading');
  engine.ready.then(() => { if (!state.run) setStatus('run.idle'); },
                    (error) => setStatus('result.engine-failed', { reason: error.message }));
})();
