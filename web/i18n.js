// i18n.js - every text the page shows, in Finnish (the default), Swedish and
// English. An element with data-i18n="key" gets the text of key; the page's
// own messages use t(key, values). Numbers are formatted in the page's language
// (1 234,5 in Finnish and Swedish).
'use strict';

const CASELOAD_TEXTS = {
  fi: {
    'title': 'Caseload – lastensuojelun asiakasmäärät ja työnjako',
    'privacy': 'Kaikki laskenta tehdään tässä selaimessa: mikään tieto ei lähde tältä tietokoneelta.',
    'language': 'Kieli',
    'open.heading': '1. Avaa aineisto',
    'open.json': 'Valitse aineisto (JSON-tiedosto)…',
    'open.folder': 'tai valitse CSV-tiedostojen kansio (kuten Excel tallentaa)…',
    'open.drop': 'Voit myös pudottaa tiedostot tähän.',
    'open.try': 'Kokeile valmiilla aineistolla:',
    'open.keski-suomi': 'Keski-Suomi',
    'open.kymenlaakso': 'Kymenlaakso',
    'open.scenario': 'Valitse skenaario (vapaaehtoinen JSON-tiedosto)…',
    'open.none': 'Aineistoa ei ole vielä avattu.',
    'open.loaded': 'Avattu: {name} ({count} tiedostoa).',
    'open.loaded-one': 'Avattu: {name}.',
    'open.scenario-loaded': 'Skenaario: {name}.',
    'run.heading': '2. Laske',
    'run.time-limit': 'Aikaraja sekunteina',
    'run.check': 'Tarkista nykytilanne',
    'run.plan': 'Laadi suunnitelma',
    'run.stop': 'Pysäytä ja pidä paras suunnitelma',
    'run.elapsed': 'Kulunut aika',
    'run.best': 'Paras suunnitelma',
    'run.bound': 'Alaraja',
    'run.gap': 'Ero alarajaan',
    'run.none-yet': 'ei vielä',
    'run.idle': 'Valmiina.',
    'run.loading': 'Laskentaohjelmaa ladataan…',
    'run.running-check': 'Tarkistetaan…',
    'run.running-plan': 'Suunnitelmaa lasketaan…',
    'run.stopping': 'Pysäytetään: paras tähän mennessä löydetty suunnitelma säilytetään…',
    'run.need-instance': 'Avaa ensin aineisto.',
    'result.heading': '3. Tulos',
    'result.none': 'Ei tulosta vielä.',
    'result.downloads': 'Tallenna tulokset',
    'result.output': 'Laskentaohjelman tuloste (englanniksi)',
    'result.messages': 'Ilmoitukset (englanniksi)',
    'result.done-check': 'Tarkistus valmis.',
    'result.done-plan': 'Suunnitelma valmis.',
    'result.failed': 'Laskenta epäonnistui (koodi {code}). Katso ilmoitukset alla.',
    'result.engine-failed': 'Laskentaohjelma pysähtyi: {reason}',
    'verdict.compliant': 'Kaikki työntekijät ovat lakisääteisen enimmäismäärän rajoissa.',
    'verdict.check': 'Ei lainmukainen: {workers} työntekijällä on liikaa lapsia; {children} lasta yli rajan; {affected} lasta on työntekijällä, joka on yli rajan; suurin kuormitus {load} %.',
    'verdict.plan': 'Suunnitelman jälkeen {workers} työntekijää on yli rajan (ennen sitä {workersNow}); {children} lasta yli rajan (ennen {childrenNow}); suurin kuormitus {load} % (ennen {loadNow} %).',
    'verdict.plan-compliant': 'Suunnitelman jälkeen kukaan työntekijä ei ole yli rajan (ennen sitä {workersNow}).',
    'verdict.status-optimal': 'Suunnitelma on optimaalinen; {moves} lasta vaihtaa työntekijää.',
    'verdict.status-feasible': 'Suunnitelma on paras löydetty; se voi olla enintään {gap} % optimaalista kalliimpi; {moves} lasta vaihtaa työntekijää.',
    'verdict.stopped': 'Laskenta pysäytettiin: tämä on paras siihen mennessä löydetty suunnitelma.',
    'footer.licence': 'Vapaa ohjelmisto, lisenssi GPL-3.0-or-later (käyttää GLPK:ta).',
    'footer.source': 'Lähdekoodi (source.tar.gz)',
    'footer.license-text': 'Lisenssin teksti',
    'footer.limits': 'Selaimessa laskenta käyttää yhtä suoritinydintä ja enintään 2 Gt muistia; mallia, joka ei mahdu muistiin, ei rakenneta, ja siitä kerrotaan.',
  },
  sv: {
    'title': 'Caseload – klientantal och arbetsfördelning i barnskyddet',
    'privacy': 'Alla beräkningar görs i den här webbläsaren: inga uppgifter lämnar den här datorn.',
    'language': 'Språk',
    'open.heading': '1. Öppna data',
    'open.json': 'Välj data (en JSON-fil)…',
    'open.folder': 'eller välj en mapp med CSV-filer (så som Excel sparar dem)…',
    'open.drop': 'Du kan också släppa filerna här.',
    'open.try': 'Prova med färdiga data:',
    'open.keski-suomi': 'Mellersta Finland',
    'open.kymenlaakso': 'Kymmenedalen',
    'open.scenario': 'Välj ett scenario (frivillig JSON-fil)…',
    'open.none': 'Inga data har öppnats ännu.',
    'open.loaded': 'Öppnat: {name} ({count} filer).',
    'open.loaded-one': 'Öppnat: {name}.',
    'open.scenario-loaded': 'Scenario: {name}.',
    'run.heading': '2. Beräkna',
    'run.time-limit': 'Tidsgräns i sekunder',
    'run.check': 'Kontrollera nuläget',
    'run.plan': 'Gör en plan',
    'run.stop': 'Stoppa och behåll den bästa planen',
    'run.elapsed': 'Förfluten tid',
    'run.best': 'Bästa plan',
    'run.bound': 'Nedre gräns',
    'run.gap': 'Avstånd till gränsen',
    'run.none-yet': 'inte ännu',
    'run.idle': 'Klar att börja.',
    'run.loading': 'Beräkningsprogrammet laddas…',
    'run.running-check': 'Kontrollerar…',
    'run.running-plan': 'Planen beräknas…',
    'run.stopping': 'Stoppar: den bästa planen hittills behålls…',
    'run.need-instance': 'Öppna data först.',
    'result.heading': '3. Resultat',
    'result.none': 'Inget resultat ännu.',
    'result.downloads': 'Spara resultaten',
    'result.output': 'Beräkningsprogrammets utskrift (på engelska)',
    'result.messages': 'Meddelanden (på engelska)',
    'result.done-check': 'Kontrollen är klar.',
    'result.done-plan': 'Planen är klar.',
    'result.failed': 'Beräkningen misslyckades (kod {code}). Se meddelandena nedan.',
    'result.engine-failed': 'Beräkningsprogrammet stannade: {reason}',
    'verdict.compliant': 'Alla anställda håller sig inom det lagstadgade maximiantalet.',
    'verdict.check': 'Inte lagenligt: {workers} anställda har för många barn; {children} barn över gränsen; {affected} barn har en anställd över gränsen; högsta belastning {load} %.',
    'verdict.plan': 'Efter planen är {workers} anställda över gränsen (före den {workersNow}); {children} barn över gränsen (före {childrenNow}); högsta belastning {load} % (före {loadNow} %).',
    'verdict.plan-compliant': 'Efter planen är ingen anställd över gränsen (före den {workersNow}).',
    'verdict.status-optimal': 'Planen är optimal; {moves} barn byter anställd.',
    'verdict.status-feasible': 'Planen är den bästa som hittats; den kan vara högst {gap} % dyrare än den optimala; {moves} barn byter anställd.',
    'verdict.stopped': 'Beräkningen stoppades: det här är den bästa planen som hittats dittills.',
    'footer.licence': 'Fri programvara, licens GPL-3.0-or-later (använder GLPK).',
    'footer.source': 'Källkod (source.tar.gz)',
    'footer.license-text': 'Licenstexten',
    'footer.limits': 'I webbläsaren använder beräkningen en processorkärna och högst 2 GB minne; en modell som inte ryms i minnet byggs inte, och det meddelas.',
  },
  en: {
    'title': 'Caseload – child-welfare caseloads and their allocation',
    'privacy': 'Everything is computed in this browser: no data leaves this computer.',
    'language': 'Language',
    'open.heading': '1. Open data',
    'open.json': 'Choose the data (a JSON file)…',
    'open.folder': 'or choose a folder of CSV files (as Excel saves them)…',
    'open.drop': 'You can also drop the files here.',
    'open.try': 'Try with bundled data:',
    'open.keski-suomi': 'Central Finland (Keski-Suomi)',
    'open.kymenlaakso': 'Kymenlaakso',
    'open.scenario': 'Choose a scenario (an optional JSON file)…',
    'open.none': 'No data opened yet.',
    'open.loaded': 'Opened: {name} ({count} files).',
    'open.loaded-one': 'Opened: {name}.',
    'open.scenario-loaded': 'Scenario: {name}.',
    'run.heading': '2. Compute',
    'run.time-limit': 'Time limit in seconds',
    'run.check': 'Check the current situation',
    'run.plan': 'Make a plan',
    'run.stop': 'Stop and keep the best plan',
    'run.elapsed': 'Elapsed',
    'run.best': 'Best plan',
    'run.bound': 'Bound',
    'run.gap': 'Gap to the bound',
    'run.none-yet': 'none yet',
    'run.idle': 'Ready.',
    'run.loading': 'Loading the engine…',
    'run.running-check': 'Checking…',
    'run.running-plan': 'Computing the plan…',
    'run.stopping': 'Stopping: the best plan found so far is kept…',
    'run.need-instance': 'Open data first.',
    'result.heading': '3. Result',
    'result.none': 'No result yet.',
    'result.downloads': 'Save the results',
    'result.output': 'The engine\'s output (in English)',
    'result.messages': 'Messages (in English)',
    'result.done-check': 'The check is done.',
    'result.done-plan': 'The plan is done.',
    'result.failed': 'The computation failed (code {code}). See the messages below.',
    'result.engine-failed': 'The engine stopped: {reason}',
    'verdict.compliant': 'Every worker is within the legal maximum.',
    'verdict.check': 'Not compliant: {workers} workers have too many children; {children} children over the cap; {affected} children have a worker over it; highest load {load} %.',
    'verdict.plan': 'After the plan {workers} workers are over the cap (before it {workersNow}); {children} children over it (before {childrenNow}); highest load {load} % (before {loadNow} %).',
    'verdict.plan-compliant': 'After the plan no worker is over the cap (before it {workersNow}).',
    'verdict.status-optimal': 'The plan is optimal; {moves} children change worker.',
    'verdict.status-feasible': 'The plan is the best found; it may cost at most {gap} % more than the optimum; {moves} children change worker.',
    'verdict.stopped': 'The computation was stopped: this is the best plan found until then.',
    'footer.licence': 'Free software, licence GPL-3.0-or-later (it uses GLPK).',
    'footer.source': 'Source code (source.tar.gz)',
    'footer.license-text': 'The licence text',
    'footer.limits': 'In the browser the engine uses one processor core and at most 2 GB of memory; a model too large for the memory is not built, and the page says so.',
  },
};

const CASELOAD_LOCALES = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

class CaseloadTexts {
  constructor(language) { this.set(language); }

  set(language) {
    this.language = CASELOAD_TEXTS[language] ? language : 'fi';
    this.numbers = new Intl.NumberFormat(CASELOAD_LOCALES[this.language], { maximumFractionDigits: 1 });
    this.gaps = new Intl.NumberFormat(CASELOAD_LOCALES[this.language], { maximumFractionDigits: 3 });
  }

  t(key, values = {}) {
    const text = CASELOAD_TEXTS[this.language][key] || CASELOAD_TEXTS.en[key] || key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  number(value) { return value === null || value === undefined || !isFinite(value) ? '–' : this.numbers.format(value); }
  percent(fraction) { return this.gaps.format(100 * fraction); }

  // every element with data-i18n, and the document's language
  apply(root) {
    root.documentElement.lang = this.language;
    for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = this.t(element.dataset.i18n);
    root.title = this.t('title');
  }
}

if (typeof self !== 'undefined') { self.CaseloadTexts = CaseloadTexts; self.CASELOAD_TEXTS = CASELOAD_TEXTS; }
