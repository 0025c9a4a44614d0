/**
 * The report's chart, as hand-written SVG (no chart library): P3 time and
 * memory against envs (log-log, with a linear reference), and the P1/P2
 * ratios as bars against their goals.
 */
import type { BenchResults } from './report';
import { fmtMs } from './util';

const W = 1000;
const H = 700;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const COLORS = {
  render: '#1f77b4',
  parse: '#ff7f0e',
  heap: '#2ca02c',
  rss: '#9467bd',
  platter: '#1f77b4',
  baseline: '#7f7f7f',
  goal: '#d62728',
  ok: '#2ca02c',
  miss: '#d62728',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, s: string, attrs = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${FONT}${attrs.includes('font-size') ? '' : ' font-size="12"'} ${attrs}>${esc(s)}</text>`;
const line = (x1: number, y1: number, x2: number, y2: number, attrs = 'stroke="#999"') =>
  `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ${attrs}/>`;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Series {
  name: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
}

function logTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= min * 0.999 && v <= max * 1.001) out.push(v);
    }
  }
  return out;
}

/** The 1-2-5 steps around a value, for a log axis that hugs the data. */
const steps = (v: number) => {
  const e = Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * 10 ** e);
};
const niceBelow = (v: number) => [...steps(v)].reverse().find((s) => s <= v * 1.0001) ?? v;
const niceAbove = (v: number) => steps(v).find((s) => s >= v * 0.9999) ?? v;

const fmtTick = (v: number, unit: string) => {
  if (unit === 's' || unit === 'MiB') return v >= 1 ? `${v}` : v.toPrecision(1);
  return v >= 1000 ? `${v / 1000}k` : `${v}`;
};

/** A log-log line chart. */
function logLogChart(
  box: Box,
  title: string,
  xLabel: string,
  yLabel: string,
  unit: string,
  series: Series[],
  hLines: { y: number; label: string; color: string }[] = [],
): string {
  const pts = series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  if (!pts.length) return text(box.x, box.y + 20, `${title}: no data`);
  const ys = [...pts.map((p) => p[1]), ...hLines.map((h) => h.y)];
  const xMin = 10 ** Math.floor(Math.log10(Math.min(...pts.map((p) => p[0]))));
  const xMax = 10 ** Math.ceil(Math.log10(Math.max(...pts.map((p) => p[0]))));
  const yMin = niceBelow(Math.min(...ys));
  const yMax = niceAbove(Math.max(...ys));
  const L = box.x + 60;
  const R = box.x + box.w - 10;
  const T = box.y + 30;
  const B = box.y + box.h - 40;
  const sx = (x: number) => L + ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * (R - L);
  const sy = (y: number) => B - ((Math.log10(y) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (B - T);
  const out: string[] = [];
  out.push(text(box.x + box.w / 2, box.y + 16, title, 'text-anchor="middle" font-size="14" font-weight="bold"'));
  out.push(`<rect x="${L}" y="${T}" width="${R - L}" height="${B - T}" fill="none" stroke="#ccc"/>`);
  for (const t of logTicks(xMin, xMax)) {
    out.push(line(sx(t), T, sx(t), B, 'stroke="#eee"'));
    out.push(text(sx(t), B + 15, fmtTick(t, 'envs'), 'text-anchor="middle" font-size="11"'));
  }
  for (const t of logTicks(yMin, yMax)) {
    out.push(line(L, sy(t), R, sy(t), 'stroke="#eee"'));
    out.push(text(L - 5, sy(t) + 4, fmtTick(t, unit), 'text-anchor="end" font-size="11"'));
  }
  out.push(text((L + R) / 2, B + 32, xLabel, 'text-anchor="middle"'));
  out.push(
    text(box.x + 14, (T + B) / 2, yLabel, `text-anchor="middle" transform="rotate(-90 ${box.x + 14} ${(T + B) / 2})"`),
  );
  for (const h of hLines) {
    out.push(line(L, sy(h.y), R, sy(h.y), `stroke="${h.color}" stroke-dasharray="6 4"`));
    out.push(text(R - 4, sy(h.y) - 4, h.label, `text-anchor="end" fill="${h.color}" font-size="11"`));
  }
  series.forEach((s, i) => {
    const p = s.points.filter(([x, y]) => x > 0 && y > 0);
    out.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" ${s.dashed ? 'stroke-dasharray="3 3" stroke-opacity="0.7"' : ''} points="${p.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`,
    );
    if (!s.dashed)
      for (const [x, y] of p)
        out.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
    const ly = T + 8 + i * 16;
    out.push(
      line(L + 10, ly, L + 30, ly, `stroke="${s.color}" stroke-width="2" ${s.dashed ? 'stroke-dasharray="3 3"' : ''}`),
    );
    out.push(text(L + 35, ly + 4, s.name, 'font-size="11"'));
  });
  return out.join('\n');
}

/** Horizontal bars of two times (Platter vs baseline) with the ratio and goal. */
function barsChart(
  box: Box,
  title: string,
  rows: { label: string; ms: number; color: string }[],
  verdict: string,
  ok: boolean | undefined,
): string {
  const out: string[] = [];
  out.push(text(box.x + box.w / 2, box.y + 16, title, 'text-anchor="middle" font-size="14" font-weight="bold"'));
  const L = box.x + 150;
  const R = box.x + box.w - 80;
  const max = Math.max(...rows.map((r) => r.ms), 1);
  const barH = 26;
  rows.forEach((r, i) => {
    const y = box.y + 40 + i * (barH + 14);
    const w = Math.max(1, (r.ms / max) * (R - L));
    out.push(text(L - 8, y + barH / 2 + 4, r.label, 'text-anchor="end"'));
    out.push(`<rect x="${L}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${r.color}"/>`);
    out.push(text(L + w + 6, y + barH / 2 + 4, fmtMs(r.ms)));
  });
  const vy = box.y + 40 + rows.length * (barH + 14) + 14;
  out.push(
    text(L, vy, verdict, `font-weight="bold" fill="${ok === undefined ? '#333' : ok ? COLORS.ok : COLORS.miss}"`),
  );
  return out.join('\n');
}

export function renderChart(r: BenchResults): string {
  const parts: string[] = [];
  const half = W / 2;
  const top: Box = { x: 0, y: 40, w: half, h: 330 };
  const topRight: Box = { x: half, y: 40, w: half, h: 330 };
  if (r.p3 && r.p3.sizes.length) {
    const sizes = r.p3.sizes;
    const ref = sizes.find((s) => s.envs === 1000) ?? sizes[0]!;
    const linear = (v: number): [number, number][] => sizes.map((s) => [s.envs, (v / ref.envs) * s.envs]);
    parts.push(
      logLogChart(top, 'P3: render and parse time vs envs', 'environments', 'seconds', 's', [
        { name: 'render', color: COLORS.render, points: sizes.map((s) => [s.envs, s.renderMs / 1000]) },
        { name: 'parse', color: COLORS.parse, points: sizes.map((s) => [s.envs, s.parseMs / 1000]) },
        {
          name: `render ∝ envs (through ${ref.envs})`,
          color: COLORS.render,
          dashed: true,
          points: linear(ref.renderMs / 1000),
        },
      ]),
    );
    parts.push(
      logLogChart(
        topRight,
        'P3: peak memory vs envs',
        'environments',
        'MiB',
        'MiB',
        [
          {
            name: 'heapUsed peak',
            color: COLORS.heap,
            points: sizes.map((s) => [s.envs, s.heapPeak.overall / 2 ** 20]),
          },
          { name: 'rss peak', color: COLORS.rss, points: sizes.map((s) => [s.envs, s.rssPeak.overall / 2 ** 20]) },
        ],
        [{ y: 1024, label: '1 GiB', color: COLORS.goal }],
      ),
    );
  } else {
    parts.push(text(20, 80, 'P3 not run'));
  }
  const bottomLeft: Box = { x: 0, y: 400, w: half, h: 280 };
  const bottomRight: Box = { x: half, y: 400, w: half, h: 280 };
  if (r.p1) {
    const p = r.p1;
    const sampled = p.kustomize.built < p.kustomize.envs;
    parts.push(
      barsChart(
        bottomLeft,
        `P1: validate ${p.envs} envs (median)`,
        [
          { label: 'platter validate', ms: p.platter.medianMs, color: COLORS.platter },
          { label: `kubectl kustomize${sampled ? ' (est.)' : ''}`, ms: p.kustomize.allEnvsMs, color: COLORS.baseline },
        ],
        `Platter is ${p.ratio.toFixed(1)}× faster; goal ≥ ${p.goalRatio}×`,
        p.ratio >= p.goalRatio,
      ),
    );
  }
  if (r.p2) {
    const p = r.p2;
    parts.push(
      barsChart(
        bottomRight,
        'P2: one onboarding request, end to end (median)',
        [
          { label: 'applyRequest', ms: p.platter.medianMs, color: COLORS.platter },
          { label: 'raw git', ms: p.raw.medianMs, color: COLORS.baseline },
          { label: '  of which plan()', ms: p.planOnly.medianMs, color: '#aec7e8' },
        ],
        `applyRequest is ${p.ratio.toFixed(2)}× raw git; goal ≤ ${p.goalRatio}×`,
        p.ratio <= p.goalRatio,
      ),
    );
  }
  const title = text(
    W / 2,
    24,
    `Platter benchmark, ${r.meta.date} (${r.meta.commit})`,
    'text-anchor="middle" font-size="16" font-weight="bold"',
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<rect width="100%" height="100%" fill="white"/>
${title}
${parts.join('\n')}
</svg>
`;
}
