// web_test.mjs - the page and its engine in real Chromium (make web-test): the page
// opened from file:// and from a local server, instances loaded through its file
// inputs, every output compared with the native binary's on the same inputs byte
// for byte apart from timings, stop during a long solve, no network request but
// the page's own files, axe-core's WCAG 2.1 A/AA rules, 200 % zoom, the
// languages, the screenshot of the README. Exit 1 on any failure.
import { join } from 'node:path';
import { mkdirSync, readdirSync } from 'node:fs';
import { api, axeSource, checker, file, firstDifference, launch, native, patched, root, sameApartFromTimings,
         serve, web } from './harness.mjs';

const check = checker();
const only = process.env.WEB_TEST_ONLY ? process.env.WEB_TEST_ONLY.split(',') : null;
const want = (name) => !only || only.includes(name);

// Every output file of the page's result against the native run's, by name.
function compareOutputs(label, result, reference, names) {
  check(`${label}: exit code ${result.exitCode} as native`, result.exitCode === reference.exitCode,
        `native ${reference.exitCode}; messages: ${result.messages.slice(-400)}`);
  for (const [pageName, nativeName] of names) {
    const mine = nativeName === 'stdout' ? Buffer.from(result.text) : result.files[pageName];
    const theirs = nativeName === 'stdout' ? reference.stdout : reference.files[nativeName];
    if (!check(`${label}: ${pageName} exists`, mine !== undefined && theirs !== undefined,
               `page has ${Object.keys(result.files).join(', ')}; native has ${Object.keys(reference.files).join(', ')}`)) continue;
    check(`${label}: ${pageName} the same as native apart from timings (${theirs.length} bytes)`,
          sameApartFromTimings(mine, theirs), firstDifference(mine, theirs));
  }
}

async function openPage(browser, url, requests) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  page.on('request', (request) => requests.push(request.url()));
  const problems = [];
  page.on('console', (message) => { if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push('page error: ' + error.message));
  page.problems = problems;
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('status').textContent.length > 0 &&
    self.caseloadEngine && document.getElementById('check').disabled === false, { timeout: 60000 });
  await page.evaluate(() => self.caseloadEngine.ready);
  return page;
}

// Wait until the page's run (a button's) has ended; its result.
async function pageResult(page, timeout = 600000) {
  await page.waitForFunction(() => self.caseloadPage.run === null && self.caseloadPage.result !== null, { timeout, polling: 200 });
  return page.evaluate(() => {
    const r = self.caseloadPage.result;
    const toBase64 = (bytes) => {
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      return btoa(text);
    };
    return { ...r, files: r.files.map((f) => ({ name: f.name, base64: toBase64(f.bytes) })) };
  }).then((result) => {
    result.files = Object.fromEntries(result.files.map((f) => [f.name, Buffer.from(f.base64, 'base64')]));
    return result;
  });
}

async function clearResult(page) { await page.evaluate(() => { self.caseloadPage.result = null; }); }

async function axe(page, label) {
  await page.evaluate(axeSource);  // devtools evaluation: not subject to the page's CSP
  const outcome = await page.evaluate(() => self.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  check(`${label}: axe-core reports 0 WCAG 2.1 A/AA violations (${outcome.passes.length} rules pass)`,
        outcome.violations.length === 0,
        outcome.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`).join(' | '));
}

const PLAN_OUTPUTS = (base) => [[`${base}-plan.json`, `${base}-plan.json`], [`${base}-plan.csv`, `${base}-plan.csv`],
  [`${base}-plan.html`, `${base}-plan.html`], [`${base}-workers.csv`, `${base}-workers.csv`],
  [`${base}-teams.csv`, `${base}-teams.csv`], [`${base}-plan.txt`, 'stdout']];
const planArgs = (path, base, extra = []) => ['plan', path, ...extra, '-o', `out/${base}-plan.json`, '--csv', `out/${base}-plan.csv`,
  '--html', `out/${base}-plan.html`, '--workers-csv', `out/${base}-workers.csv`, '--teams-csv', `out/${base}-teams.csv`,
  '--threads', '1'];

const ks = file('instances/keski-suomi.json'), ky = file('instances/kymenlaakso.json');
const browser = await launch();
const server = await serve();
const requests = [];
const pageFile = 'file://' + join(web, 'index.html');
try {
  // --- file:// ------------------------------------------------------------------
  const page = await openPage(browser, pageFile, requests);
  check('file://: the engine is ready', (await page.$eval('#status', (e) => e.textContent)) === 'Valmiina.');
  check('file://: the page says nothing leaves the PC (Finnish by default)',
        (await page.$eval('.privacy', (e) => e.textContent)).includes('mikään tieto ei lähde'));
  await axe(page, 'file://, empty page');

  let planKs = null, planFolder = null;
  if (want('plan')) {
    // Keski-Suomi, one click away
    await page.click('#try-keski-suomi');
    await page.click('#plan');
    const result = await pageResult(page);
    planKs = result;
    compareOutputs('plan keski-suomi (button)', result, native(planArgs('in/keski-suomi.json', 'keski-suomi'),
      { 'in/keski-suomi.json': ks }), PLAN_OUTPUTS('keski-suomi'));
    const verdict = await page.$eval('#verdict', (e) => e.textContent);
    check('plan keski-suomi: the verdict in Finnish', verdict.includes('Suunnitelman jälkeen 9 työntekijää on yli rajan (ennen sitä 11)'), verdict);
    check('plan keski-suomi: every output offered to save', (await page.$$('#downloads a[download]')).length === 6);
    await axe(page, 'file://, after a plan');
    mkdirSync(join(root, 'doc'), { recursive: true });
    await page.screenshot({ path: join(root, 'doc', 'web-page.png') });
    // 200 % zoom: the same window at half the CSS pixels
    await page.setViewport({ width: 640, height: 360, deviceScaleFactor: 2 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check('200 % zoom: nothing wider than the window', overflow <= 0, `${overflow} px too wide`);
    await axe(page, 'file://, 200 % zoom');
    await page.screenshot({ path: join(root, 'doc', 'web-page-200.png') });
    await page.setViewport({ width: 1280, height: 720 });

    // Kymenlaakso through the file input, as a user picks it
    await clearResult(page);
    const input = await page.$('#instance-file');
    await input.uploadFile(join(root, 'instances/kymenlaakso.json'));
    await page.waitForFunction(() => document.getElementById('loaded').textContent.includes('kymenlaakso.json'));
    await page.click('#plan');
    compareOutputs('plan kymenlaakso (file input)', await pageResult(page),
      native(planArgs('in/kymenlaakso.json', 'kymenlaakso'), { 'in/kymenlaakso.json': ky }), PLAN_OUTPUTS('kymenlaakso'));

    // a CSV folder in Windows-1252, through the folder input
    await clearResult(page);
    const folder = 'tests/csv/excel-windows-1252', base = 'excel-windows-1252';
    const folderInput = await page.$('#instance-folder');
    await folderInput.uploadFile(join(root, folder));  // the folder itself, as a user picks it
    await page.waitForFunction((base) => document.getElementById('loaded').textContent.includes(base), {}, base);
    await page.click('#plan');
    const inputs = Object.fromEntries(readdirSync(join(root, folder)).map((n) => [`in/${base}/${n}`, file(`${folder}/${n}`)]));
    const planned = await pageResult(page);
    planFolder = { base, inputs, plan: planned.files[`${base}-plan.json`] };
    compareOutputs('plan CSV folder in Windows-1252 (folder input)', planned,
      native(planArgs(`in/${base}`, base), inputs), PLAN_OUTPUTS(base));
    await clearResult(page);
    await page.click('#check');
    const checked = await pageResult(page);
    compareOutputs('check CSV folder in Windows-1252', checked,
      native(['check', `in/${base}`, '--html', `out/${base}-check.html`], inputs),
      [[`${base}-check.html`, `${base}-check.html`], [`${base}-check.txt`, 'stdout']]);
  }

  if (want('check')) {
    await page.click('#try-keski-suomi');
    await clearResult(page);
    await page.click('#check');
    const result = await pageResult(page);
    compareOutputs('check keski-suomi (button)', result,
      native(['check', 'in/keski-suomi.json', '--html', 'out/keski-suomi-check.html'], { 'in/keski-suomi.json': ks }),
      [['keski-suomi-check.html', 'keski-suomi-check.html'], ['keski-suomi-check.txt', 'stdout']]);
    const verdict = await page.$eval('#verdict', (e) => e.textContent);
    check('check keski-suomi: the verdict in Finnish', verdict.includes('Ei lainmukainen: 11 työntekijällä'), verdict);
    // the languages
    await page.select('#language', 'sv');
    check('Swedish: the verdict and the headings', (await page.$eval('#verdict', (e) => e.textContent)).includes('Inte lagenligt: 11 anställda') &&
          (await page.$eval('#run-heading', (e) => e.textContent)) === '2. Beräkna' &&
          (await page.evaluate(() => document.documentElement.lang)) === 'sv');
    await axe(page, 'Swedish');
    await page.select('#language', 'en');
    check('English: the verdict and the headings', (await page.$eval('#verdict', (e) => e.textContent)).includes('Not compliant: 11 workers') &&
          (await page.$eval('#open-heading', (e) => e.textContent)) === '1. Open data');
    await page.select('#language', 'fi');
    const untranslated = await page.evaluate(() => {
      const keys = (language) => Object.keys(self.CASELOAD_TEXTS[language]).sort().join(',');
      return keys('fi') === keys('sv') && keys('fi') === keys('en');
    });
    check('every text exists in Finnish, Swedish and English', untranslated);
  }

  // --- the JavaScript API in the worker: the other commands ---------------------------
  const ksInstance = { name: 'keski-suomi.json', folder: false, files: [{ name: 'keski-suomi.json', bytes: ks }] };
  const kyInstance = { name: 'kymenlaakso.json', folder: false, files: [{ name: 'kymenlaakso.json', bytes: ky }] };
  const scenario = (name) => ({ name, bytes: file(`instances/scenarios/${name}`) });
  if (want('api')) {
    if (planKs) {
      const planFile = { name: 'keski-suomi-plan.json', bytes: planKs.files['keski-suomi-plan.json'] };
      const result = await api(page, 'explain', { instance: ksInstance, plan: planFile, child: 'C000123' });
      compareOutputs('explain keski-suomi C000123', result,
        native(['explain', 'in/keski-suomi.json', 'in/plan/keski-suomi-plan.json', 'C000123'],
               { 'in/keski-suomi.json': ks, 'in/plan/keski-suomi-plan.json': planFile.bytes }),
        [['keski-suomi-explain-C000123.txt', 'stdout']]);
      // apply: the plan adopted, next month's instance
      const applied = await api(page, 'apply', { instance: ksInstance, plan: planFile });
      compareOutputs('apply keski-suomi plan', applied,
        native(['apply', 'in/keski-suomi.json', 'in/plan/keski-suomi-plan.json', '-o', 'out/keski-suomi-next.json'],
               { 'in/keski-suomi.json': ks, 'in/plan/keski-suomi-plan.json': planFile.bytes }),
        [['keski-suomi-next.json', 'keski-suomi-next.json'], ['keski-suomi-apply.txt', 'stdout']]);
    }
    {
      // apply with the scenario the plan was made with (Kymenlaakso, cap 30 with hires)
      const hires = scenario('kymenlaakso-cap-30-hires.json');
      const planned = await api(page, 'plan', { instance: kyInstance, scenario: hires });
      const planFile = { name: 'kymenlaakso-plan.json', bytes: planned.files['kymenlaakso-plan.json'] };
      const applied = await api(page, 'apply', { instance: kyInstance, plan: planFile, scenario: hires });
      compareOutputs('apply kymenlaakso -s cap-30-hires', applied,
        native(['apply', 'in/kymenlaakso.json', 'in/plan/kymenlaakso-plan.json', '-s', 'in/scenarios/kymenlaakso-cap-30-hires.json',
                '-o', 'out/kymenlaakso-next.json'],
               { 'in/kymenlaakso.json': ky, 'in/plan/kymenlaakso-plan.json': planFile.bytes,
                 'in/scenarios/kymenlaakso-cap-30-hires.json': hires.bytes }),
        [['kymenlaakso-next.json', 'kymenlaakso-next.json'], ['kymenlaakso-apply.txt', 'stdout']]);
      // a plan made without the scenario is refused, as natively
      const refused = await api(page, 'apply', { instance: kyInstance, plan: planFile });
      const nat = native(['apply', 'in/kymenlaakso.json', 'in/plan/kymenlaakso-plan.json', '-o', 'out/kymenlaakso-next.json'],
                         { 'in/kymenlaakso.json': ky, 'in/plan/kymenlaakso-plan.json': planFile.bytes });
      check(`apply kymenlaakso without the plan's scenario: refused (exit ${refused.exitCode}) as natively, no file`,
            refused.exitCode !== 0 && refused.exitCode === nat.exitCode && Object.keys(refused.files).length === 0,
            `native ${nat.exitCode}; page files ${Object.keys(refused.files).join(', ')}`);
    }
    if (planFolder) {
      // a CSV folder's plan adopted: next month's folder of CSV files
      const { base, inputs, plan } = planFolder;
      const folderInstance = { name: base, folder: true,
        files: Object.entries(inputs).map(([path, bytes]) => ({ name: path.split('/').pop(), bytes })) };
      const applied = await api(page, 'apply', { instance: folderInstance, plan: { name: `${base}-plan.json`, bytes: plan } });
      const reference = native(['apply', `in/${base}`, `in/plan/${base}-plan.json`, '-o', `out/${base}-next`],
                               { ...inputs, [`in/plan/${base}-plan.json`]: plan });
      const names = Object.keys(reference.files).filter((n) => n.startsWith(`${base}-next/`));
      check(`apply CSV folder: native wrote a folder (${names.length} files)`, names.length > 0);
      check('apply CSV folder: the same files as native', Object.keys(applied.files).filter((n) => n.startsWith(`${base}-next/`)).sort().join() === names.sort().join(),
            `page: ${Object.keys(applied.files).join(', ')}`);
      compareOutputs('apply CSV folder in Windows-1252', applied, reference,
        [...names.map((n) => [n, n]), [`${base}-apply.txt`, 'stdout']]);
    }
    {
      // suggest: who should take a new family, on both bundled instances
      const family = (municipality) => ({ name: 'family.json', bytes: Buffer.from(JSON.stringify({
        format: 'caseload-family/1', family: 'F9001', children: [
          { id: 'N1', service: 'avohuolto', municipality, born: '2016-04' },
          { id: 'N2', service: 'avohuolto', municipality, born: '2019-09' }] }, null, 2) + '\n') });
      for (const [instance, bytes, municipality, extra] of [[ksInstance, ks, 'Laukaa', null],
                                                            [kyInstance, ky, 'Kotka', scenario('kymenlaakso-cap-30.json')]]) {
        const base = instance.name.replace(/\.json$/, '');
        const f = family(municipality);
        const result = await api(page, 'suggest', { instance, family: f, scenario: extra || undefined });
        const inputs = { [`in/${instance.name}`]: bytes, 'in/family/family.json': f.bytes };
        const args = ['suggest', `in/${instance.name}`, 'in/family/family.json'];
        if (extra) { inputs[`in/scenarios/${extra.name}`] = extra.bytes; args.push('-s', `in/scenarios/${extra.name}`); }
        const reference = native([...args, '-o', `out/${base}-suggestions.json`], inputs);
        check(`suggest ${base}: native ranked someone`, reference.exitCode === 0 && /^1\. /m.test(reference.stdout.toString()),
              reference.stderr.slice(-300));
        compareOutputs(`suggest ${base} (a new family in ${municipality}${extra ? ', -s ' + extra.name : ''})`, result, reference,
          [[`${base}-suggestions.json`, `${base}-suggestions.json`], [`${base}-suggest.txt`, 'stdout']]);
      }
    }
    {
      const scenarios = [scenario('ks-north-a.json'), scenario('ks-north-b.json')];
      const result = await api(page, 'compare', { instance: ksInstance, scenarios, base: true });
      compareOutputs('compare keski-suomi --base north-a north-b', result,
        native(['compare', 'in/keski-suomi.json', '-s', 'in/scenarios/ks-north-a.json', '-s', 'in/scenarios/ks-north-b.json',
                '--base', '--json', '-o', 'out/keski-suomi-compare.json', '--csv', 'out/keski-suomi-compare.csv',
                '--html', 'out/keski-suomi-compare.html', '--threads', '1'],
               { 'in/keski-suomi.json': ks, 'in/scenarios/ks-north-a.json': scenarios[0].bytes,
                 'in/scenarios/ks-north-b.json': scenarios[1].bytes }),
        [['keski-suomi-compare.json', 'keski-suomi-compare.json'], ['keski-suomi-compare.csv', 'keski-suomi-compare.csv'],
         ['keski-suomi-compare.html', 'keski-suomi-compare.html'], ['keski-suomi-compare.txt', 'stdout']]);
    }
    {
      const cap30 = scenario('kymenlaakso-cap-30.json');
      const result = await api(page, 'size', { instance: kyInstance, scenario: cap30, json: true });
      compareOutputs('size kymenlaakso -s cap-30 --json', result,
        native(['size', 'in/kymenlaakso.json', '-s', 'in/scenarios/kymenlaakso-cap-30.json', '--csv', 'out/kymenlaakso-size.csv',
                '--threads', '1', '--json'],
               { 'in/kymenlaakso.json': ky, 'in/scenarios/kymenlaakso-cap-30.json': cap30.bytes }),
        [['kymenlaakso-size.json', 'stdout'], ['kymenlaakso-size.csv', 'kymenlaakso-size.csv']]);
      const twoLeave = scenario('ks-two-leave.json');
      const text = await api(page, 'size', { instance: ksInstance, scenario: twoLeave });
      compareOutputs('size keski-suomi -s two-leave (table)', text,
        native(['size', 'in/keski-suomi.json', '-s', 'in/scenarios/ks-two-leave.json', '--csv', 'out/keski-suomi-size.csv',
                '--threads', '1'], { 'in/keski-suomi.json': ks, 'in/scenarios/ks-two-leave.json': twoLeave.bytes }),
        [['keski-suomi-size.txt', 'stdout'], ['keski-suomi-size.csv', 'keski-suomi-size.csv']]);
      // size -f on a shorter forecast (as same_plans.sh shortens it)
      const forecast = { name: 'kymenlaakso-2024.json', bytes: patched('instances/forecasts/kymenlaakso-2024.json', { samples: 12, months: 4 }) };
      const sized = await api(page, 'size', { instance: kyInstance, scenario: cap30, forecast, json: true });
      compareOutputs('size -f kymenlaakso (12 samples, 4 months)', sized,
        native(['size', 'in/kymenlaakso.json', '-s', 'in/scenarios/kymenlaakso-cap-30.json', '-f', 'in/forecast/kymenlaakso-2024.json',
                '--threads', '1', '--json'],
               { 'in/kymenlaakso.json': ky, 'in/scenarios/kymenlaakso-cap-30.json': cap30.bytes, 'in/forecast/kymenlaakso-2024.json': forecast.bytes }),
        [['kymenlaakso-size.json', 'stdout']]);
    }
    {
      const forecast = { name: 'keski-suomi-outlook.json', bytes: patched('instances/forecasts/keski-suomi-outlook.json', { samples: 12, months: 4 }) };
      const result = await api(page, 'forecast', { instance: ksInstance, forecast });
      compareOutputs('forecast keski-suomi (12 samples, 4 months)', result,
        native(['forecast', 'in/keski-suomi.json', '-f', 'in/forecast/keski-suomi-outlook.json', '-o', 'out/keski-suomi-forecast.json',
                '--csv', 'out/keski-suomi-forecast.csv', '--html', 'out/keski-suomi-forecast.html', '--threads', '1', '--quiet'],
               { 'in/keski-suomi.json': ks, 'in/forecast/keski-suomi-outlook.json': forecast.bytes }),
        [['keski-suomi-forecast.json', 'keski-suomi-forecast.json'], ['keski-suomi-forecast.csv', 'keski-suomi-forecast.csv'],
         ['keski-suomi-forecast.html', 'keski-suomi-forecast.html'], ['keski-suomi-forecast.txt', 'stdout']]);
    }
    {
      const result = await api(page, 'exportModel', { instance: kyInstance, format: 'lp' });
      compareOutputs('export kymenlaakso --lp', result,
        native(['export', 'in/kymenlaakso.json', '--lp', 'out/kymenlaakso-model.lp'], { 'in/kymenlaakso.json': ky }),
        [['kymenlaakso-model.lp', 'kymenlaakso-model.lp']]);
      // too large for the memory it may use: refused before the model is built
      const refused = await api(page, 'exportModel', { instance: ksInstance, format: 'mps', memoryLimit: '64M' });
      check('export over --memory-limit: refused with exit 2 and the estimate, no file',
            refused.exitCode === 2 && /would need about [0-9]+ MB/.test(refused.messages) && Object.keys(refused.files).length === 0,
            `exit ${refused.exitCode}: ${refused.messages.slice(-300)}`);
      const nat = native(['export', 'in/keski-suomi.json', '--mps', 'out/keski-suomi-model.mps', '--memory-limit', '64M'], { 'in/keski-suomi.json': ks });
      check('export over --memory-limit: the same refusal natively', nat.exitCode === 2);
      // a plan whose parts do not fit: they are not built and keep the starting
      // plan, improved, as natively (not the same bytes: what the process holds
      // is measured differently in the tab, the heap against resident memory)
      const small = await api(page, 'plan', { instance: ksInstance, memoryLimit: '100M' });
      check('plan over --memory-limit: exit 0, feasible with its gap, parts not built said, every child once',
            small.exitCode === 0 && small.summary.status === 'feasible' && small.summary.gap > 0 &&
            /too large for the memory limit/.test(small.messages) &&
            small.summary.children === JSON.parse(ks).children.length, small.messages.slice(-300));
      const converted = await api(page, 'convert', { instance: { name: 'folder', folder: true,
        files: ['children.csv', 'distances.csv', 'municipalities.csv', 'settings.csv', 'teams.csv', 'workers.csv']
          .map((n) => ({ name: n, bytes: file(`tests/csv/excel-windows-1252/${n}`) })) } });
      const natConverted = native(['convert', 'in/folder', '-o', 'out/folder-instance.json'],
        Object.fromEntries(['children.csv', 'distances.csv', 'municipalities.csv', 'settings.csv', 'teams.csv', 'workers.csv']
          .map((n) => [`in/folder/${n}`, file(`tests/csv/excel-windows-1252/${n}`)])));
      compareOutputs('convert CSV folder (Windows-1252) to JSON', converted, natConverted, [['folder-instance.json', 'folder-instance.json']]);
    }
  }

  if (want('stop')) {
    // a long solve, stopped from the page: the best plan, marked with its gap
    await clearResult(page);
    await (await page.$('#instance-file')).uploadFile(join(root, 'bench/instances/h1.json'));
    await page.waitForFunction(() => document.getElementById('loaded').textContent.includes('h1.json'));
    await page.$eval('#time-limit', (e) => { e.value = '600'; });
    await page.click('#plan');
    await page.waitForFunction(() => self.caseloadPage.progress && self.caseloadPage.progress.best !== null &&
      self.caseloadPage.progress.elapsed > 8, { timeout: 300000, polling: 250 });
    const stopPressed = Date.now();
    await page.click('#stop');
    const result = await pageResult(page);
    const stopSeconds = (Date.now() - stopPressed) / 1000;
    const plan = JSON.parse(result.files['h1-plan.json'].toString());
    check(`stop: a plan within ${stopSeconds.toFixed(1)} s of pressing stop, marked feasible with its gap (${(100 * plan.gap).toFixed(3)} %)`,
          result.stopped && result.exitCode === 0 && plan.status === 'feasible' && plan.gap > 0 && stopSeconds < 10,
          `stopped ${result.stopped}, exit ${result.exitCode}, status ${plan.status}, gap ${plan.gap}`);
    check('stop: the plan has every child once', plan.assignments.length === JSON.parse(file('bench/instances/h1.json')).children.length);
    check('stop: the command line\'s interrupted message', /interrupted: the plan is the best found so far, gap/.test(result.messages));
    const verdict = await page.$eval('#verdict', (e) => e.textContent);
    check('stop: the page says the plan was stopped, with its gap', verdict.includes('Laskenta pysäytettiin') && verdict.includes('enintään'), verdict);
    const times = await page.evaluate(() => self.caseloadPage.progressTimes);
    let longest = 0;
    for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i] - times[i - 1]);
    check(`stop: progress reached the page ${times.length} times, at most ${(longest / 1000).toFixed(2)} s apart (the page's clock ticks every second)`,
          times.length > 10 && longest < 2000);
    console.log(`     worker: ${result.engine.yields} yields, longest ${result.engine.longestWithoutYield.toFixed(2)} s without one`);
  }

  // CSP: a connection is refused even when the page's own code tries one
  const blocked = await page.evaluate((origin) => fetch(origin + '/probe').then(() => 'allowed', () => 'blocked'), server.origin);
  check('file://: CSP refuses a connection the page tries (connect-src \'none\')', blocked === 'blocked' && !server.log.includes('/probe'));
  const foreign = requests.filter((url) => !url.startsWith('file://' + web + '/') && !url.startsWith('blob:') &&
                                           !url.startsWith('data:') && !url.startsWith(server.origin + '/probe'));
  check(`file://: no request but the page's own files (${requests.length} requests)`, foreign.length === 0, foreign.slice(0, 5).join(' '));
  check('file://: no CSP violation and no script error', page.problems.filter((p) => !p.includes('/probe')).length === 0,
        page.problems.slice(0, 3).join(' | '));
  await page.close();

  // --- from a local static server: index.html and app.html (separate files) -----
  for (const name of ['index.html', 'app.html']) {
    const served = [];
    const before = server.log.length;
    const p = await openPage(browser, `${server.origin}/${name}`, served);
    await p.click('#try-kymenlaakso');
    await p.click('#plan');
    compareOutputs(`http ${name}: plan kymenlaakso`, await pageResult(p),
      native(planArgs('in/kymenlaakso.json', 'kymenlaakso'), { 'in/kymenlaakso.json': ky }), PLAN_OUTPUTS('kymenlaakso'));
    await axe(p, `http ${name}`);
    const own = new Set(['/' + name, '/caseload-engine.js', '/caseload-engine.wasm', '/worker.js', '/caseload.js', '/i18n.js',
                         '/page.js', '/bundled.js', '/style.css', '/favicon.ico']);
    const asked = server.log.slice(before);
    check(`http ${name}: the server got only the page's own files (${asked.join(' ')})`, asked.every((path) => own.has(path)));
    const elsewhere = served.filter((url) => !url.startsWith(server.origin + '/') && !url.startsWith('blob:') && !url.startsWith('data:'));
    check(`http ${name}: the browser asked for nothing elsewhere`, elsewhere.length === 0, elsewhere.join(' '));
    check(`http ${name}: no CSP violation and no script error`, p.problems.length === 0, p.problems.slice(0, 3).join(' | '));
    await p.close();
  }
} finally {
  await browser.close();
  server.close();
}
const { passed, failed } = check.summary();
console.log(`web-test: ${passed} checks passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
