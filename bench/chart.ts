import fs from 'node:fs';

export interface Series {
  name: string;
  points: [number, number][];
  dashed?: boolean;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Horizontal reference lines (e.g. an aim). */
  marks?: { y: number; label: string }[];
  logY?: boolean;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf', '#7f7f7f'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A plain SVG line chart (no dependencies): linear x, linear or log10 y, legend, reference lines. */
export function lineChartSvg(spec: ChartSpec, width = 900, height = 520): string {
  const m = { left: 80, right: 230, top: 50, bottom: 60 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const xs = spec.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = [...spec.series.flatMap((s) => s.points.map((p) => p[1])), ...(spec.marks ?? []).map((k) => k.y)].filter((y) => Number.isFinite(y) && y > 0);
  const xMax = Math.max(...xs) * 1.05;
  const xMin = 0;
  const fy = spec.logY ? Math.log10 : (v: number) => v;
  const yLo = spec.logY ? Math.floor(Math.log10(Math.min(...ys))) : 0;
  const yHi = spec.logY ? Math.ceil(Math.log10(Math.max(...ys))) : Math.max(...ys) * 1.1;
  const X = (v: number) => m.left + ((v - xMin) / (xMax - xMin)) * w;
  const Y = (v: number) => m.top + h - ((fy(Math.max(v, 1e-9)) - yLo) / (yHi - yLo)) * h;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="13">`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  out.push(`<text x="${width / 2 - m.right / 2 + m.left / 2}" y="28" text-anchor="middle" font-size="17" font-weight="bold">${esc(spec.title)}</text>`);
  // y grid
  const yTicks: number[] = [];
  if (spec.logY) for (let e = yLo; e <= yHi; e++) yTicks.push(10 ** e);
  else for (let i = 0; i <= 5; i++) yTicks.push((yHi / 5) * i);
  for (const t of yTicks) {
    out.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${Y(t)}" y2="${Y(t)}" stroke="#ddd"/>`);
    out.push(`<text x="${m.left - 8}" y="${Y(t) + 4}" text-anchor="end">${t >= 1000 ? `${t / 1000} s` : `${+t.toFixed(1)} ms`}</text>`);
  }
  const rough = xMax / 6;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const xStep = [1, 2, 5, 10].map((k) => k * magnitude).find((k) => k >= rough) ?? 10 * magnitude;
  for (let t = 0; t <= xMax; t += xStep) {
    out.push(`<line x1="${X(t)}" x2="${X(t)}" y1="${m.top}" y2="${m.top + h}" stroke="#eee"/>`);
    out.push(`<text x="${X(t)}" y="${m.top + h + 20}" text-anchor="middle">${t}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${w}" height="${h}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${m.left + w / 2}" y="${height - 15}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(20 ${m.top + h / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  for (const mark of spec.marks ?? []) {
    out.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${Y(mark.y)}" y2="${Y(mark.y)}" stroke="#000" stroke-dasharray="2 4"/>`);
    out.push(`<text x="${m.left + 6}" y="${Y(mark.y) - 5}" font-size="12">${esc(mark.label)}</text>`);
  }
  spec.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const pts = s.points.filter((p) => Number.isFinite(p[1]) && p[1] > 0).sort((a, b) => a[0] - b[0]);
    if (pts.length === 0) return;
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="7 5"' : ''} points="${pts.map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) out.push(`<circle cx="${X(p[0]).toFixed(1)}" cy="${Y(p[1]).toFixed(1)}" r="4" fill="${colour}"/>`);
    const ly = m.top + 10 + i * 22;
    out.push(`<line x1="${m.left + w + 15}" x2="${m.left + w + 45}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="7 5"' : ''}/>`);
    out.push(`<text x="${m.left + w + 52}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Renders the SVG to PNG with the Chromium the browser tests use (playwright-core); null if it cannot. */
export async function svgToPng(svgFile: string, pngFile: string, width = 900, height = 520): Promise<string | null> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromiumPath)) return null;
  try {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.setContent(`<html><body style="margin:0">${fs.readFileSync(svgFile, 'utf8')}</body></html>`);
      await page.screenshot({ path: pngFile, clip: { x: 0, y: 0, width, height } });
    } finally {
      await browser.close();
    }
    return pngFile;
  } catch (error) {
    process.stderr.write(`PNG render skipped: ${(error as Error).message}\n`);
    return null;
  }
}
