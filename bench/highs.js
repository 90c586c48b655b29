// bench/highs.js - solve an exported model with HiGHS (the npm package `highs`,
// WebAssembly, one thread) for bench/run.sh.
// Usage: node bench/highs.js HIGHS_PREFIX MODEL.mps SECONDS GAP
// Prints one line "WALL GAP_PERCENT STATUS CPU": STATUS is optimal (gap reached),
// stopped (time limit), no-plan, or out-of-memory (WebAssembly's 2 GiB limit).
"use strict";
const fs = require("fs");
const path = require("path");
const [prefix, model, seconds, gap] = process.argv.slice(2);
const start = process.hrtime.bigint();
const wall = () => Number(process.hrtime.bigint() - start) / 1e9;
function report(gapPercent, status) {
  const cpu = process.cpuUsage();
  console.log(`${wall().toFixed(2)} ${gapPercent} ${status} ${((cpu.user + cpu.system) / 1e6).toFixed(2)}`);
}
(async () => {
  let highs;
  try {
    highs = await require(path.resolve(prefix, "node_modules", "highs"))();
  } catch (e) {
    console.error("cannot load highs: " + e.message);
    process.exit(2);
  }
  try {
    const m = highs.raw.createModel();
    const set = (k, v) => { if (m.setOptionValue(k, v).status < 0) throw new Error("option " + k); };
    set("output_flag", false);
    set("time_limit", Number(seconds));
    set("mip_rel_gap", Number(gap));
    if (m.readModel({ format: "mps", data: fs.readFileSync(model) }).status < 0)
      throw new Error("cannot read " + model);
    m.run();
    const info = (k) => { const r = m.getInfoValue(k); return r.status < 0 ? NaN : Number(r.value); };
    const primal = info("objective_function_value"), dual = info("mip_dual_bound");
    if (info("primal_solution_status") !== 2 || !Number.isFinite(primal))
      return report("inf", "no-plan");
    const g = (100 * (primal - dual)) / Math.max(1, Math.abs(primal));
    report(g.toFixed(6), g <= 100 * Number(gap) + 1e-9 ? "optimal" : "stopped");
  } catch (e) {
    const text = String(e && (e.message || e));
    if (/memory|Aborted|OOM|RangeError/i.test(text)) return report("inf", "out-of-memory");
    console.error("highs: " + text);
    report("inf", "failed");
  }
})();
