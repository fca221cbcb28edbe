/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line),
 * prints medians and ratios, and writes bench/results/latest.json and latest.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchModule, BenchReport } from './lib';

async function main(): Promise<void> {
  const dir = __dirname;
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  const all: Array<{ title: string; file: string } & BenchReport> = [];
  let over = 0;
  for (const file of files) {
    const mod = (await import(path.join(dir, file))) as { default: BenchModule };
    const bench = mod.default;
    process.stdout.write(`\n## ${bench.title} (${file})\n`);
    const report = await bench.run();
    for (const r of report.results) {
      process.stdout.write(`  ${r.name.padEnd(58)} median ${r.medianMs.toFixed(3).padStart(10)} ms  (${r.runs} runs)\n`);
    }
    for (const r of report.ratios) {
      const verdict = r.limit === undefined ? '' : r.value <= r.limit ? `  ok (goal <= ${r.limit})` : `  OVER (goal <= ${r.limit})`;
      if (r.limit !== undefined && r.value > r.limit) over++;
      process.stdout.write(`  ratio ${r.name.padEnd(52)} ${r.value.toFixed(3).padStart(10)}${verdict}\n`);
    }
    for (const [k, v] of Object.entries(report.figures ?? {})) process.stdout.write(`  ${k.padEnd(64)} ${v}\n`);
    for (const n of report.notes ?? []) process.stdout.write(`  note: ${n}\n`);
    all.push({ title: bench.title, file, ...report });
  }
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
  };
  fs.mkdirSync(path.join(dir, 'results'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'results', 'latest.json'), JSON.stringify({ meta, benches: all }, null, 2) + '\n');
  const md = [
    `# Benchmark results`,
    ``,
    `${meta.date}, Node ${meta.node}, ${meta.cpus} × ${meta.cpuModel}`,
    ...all.flatMap((b) => [
      ``,
      `## ${b.title}`,
      ``,
      `| measurement | median ms | runs |`,
      `|---|---:|---:|`,
      ...b.results.map((r) => `| ${r.name} | ${r.medianMs.toFixed(3)} | ${r.runs} |`),
      ...(b.ratios.length ? [``, `| ratio | value | goal |`, `|---|---:|---|`] : []),
      ...b.ratios.map((r) => `| ${r.name} | ${r.value.toFixed(3)} | ${r.limit === undefined ? '' : `<= ${r.limit} ${r.value <= r.limit ? 'ok' : 'OVER'}`} |`),
      ...Object.entries(b.figures ?? {}).map(([k, v]) => `- ${k}: ${v}`),
      ...(b.notes ?? []).map((n) => `- note: ${n}`),
    ]),
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'results', 'latest.md'), md + '\n');
  process.stdout.write(`\nwritten: bench/results/latest.json, bench/results/latest.md${over ? `; ${over} ratio(s) over goal` : ''}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
