/**
 * The footprint map webview: draws the world (Natural Earth outlines from the world-atlas
 * package), every Fly region, the footprint's replica regions, the app's machines per
 * region, and a great-circle line from each deployed region to its nearest replica with
 * the estimated round trip. It draws only what the host sends; every value is set as
 * text or as an attribute, never parsed as HTML.
 */
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json';
import { fitWorld, type ViewportProjection } from '../../core/map/projection';
import { geometryPath, greatCirclePoints, linePath, worldOutlinePath, type Geometry } from '../../core/map/svg-path';
import {
  parseToMapWebview,
  type FootprintMapModel,
  type FromMapWebview,
  type MapRegion,
} from '../../core/map/protocol';

declare function acquireVsCodeApi(): { postMessage(msg: FromMapWebview): void };

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 1000;

const vscode = acquireVsCodeApi();
const proj = fitWorld(WIDTH);

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  parent?: Element,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  parent?.appendChild(el);
  return el;
}

/** The world outlines never change: build them once. */
function worldLayer(p: ViewportProjection): SVGGElement {
  const topo = countries110m as unknown as Topology<{ countries: GeometryCollection; land: GeometryCollection }>;
  const g = svg('g', { class: 'world', 'clip-path': 'url(#world-clip)' });
  const land = feature(topo, topo.objects.land);
  svg('path', { class: 'land', d: geometryPath({ type: 'GeometryCollection', geometries: land.features.map((f) => f.geometry as Geometry) }, p) }, g);
  const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);
  svg('path', { class: 'borders', d: geometryPath(borders as Geometry, p) }, g);
  return g;
}

function regionTitle(r: MapRegion): string {
  const role =
    r.role === 'replica+deployed'
      ? 'replica region, deployed'
      : r.role === 'replica'
        ? 'replica region, no machines'
        : r.role === 'deployed'
          ? 'outside the footprint'
          : 'Fly region';
  const machines = r.machines > 0 ? `, ${r.machines} machine${r.machines === 1 ? '' : 's'}` : '';
  return `${r.code} — ${r.name} (${role}${machines})${r.deprecated ? ' — retired region' : ''}`;
}

function render(seq: number, model: FootprintMapModel): void {
  const header = document.getElementById('header')!;
  header.replaceChildren();
  const h = document.createElement('h1');
  h.textContent = model.app ? `${model.app}: regions and replicas` : 'Regions and replicas';
  const sub = document.createElement('p');
  sub.className = 'sub';
  sub.textContent = `${model.footprintLabel} · ${model.deployedLabel}`;
  header.append(h, sub);

  const root = svg('svg', { viewBox: `0 0 ${proj.width} ${proj.height}`, role: 'img', 'aria-label': `Map: ${model.footprintLabel}` });
  const clip = svg('clipPath', { id: 'world-clip' }, svg('defs', {}, root));
  svg('path', { d: worldOutlinePath(proj) }, clip);
  svg('path', { class: 'sphere', d: worldOutlinePath(proj) }, root);
  root.appendChild(worldLayer(proj));
  const byCode = new Map(model.regions.map((r) => [r.code, r]));

  const links = svg('g', { class: 'links' }, root);
  for (const l of model.links) {
    const a = byCode.get(l.from);
    const b = byCode.get(l.to);
    if (!a || !b) continue;
    if (l.from === l.to) continue;
    const points = greatCirclePoints(a, b);
    const path = svg('path', { class: 'link', d: linePath(points, proj) }, links);
    const t = svg('title', {}, path);
    t.textContent = `${l.from} → ${l.to}: ${Math.round(l.km)} km, about ${Math.round(l.rttMs)} ms round trip (estimate)`;
    // The label sits on the arc a third of the way from the deployed region, where
    // arcs from neighbouring regions have not yet converged on the replica.
    const at = points[Math.round(points.length / 3)];
    const [lx, ly] = proj.project(at[0], at[1]);
    const label = svg('text', { class: 'link-label', x: lx.toFixed(1), y: (ly - 5).toFixed(1) }, links);
    label.textContent = `~${Math.round(l.rttMs)} ms`;
  }

  const dots = svg('g', { class: 'regions' }, root);
  const order = { other: 0, replica: 1, deployed: 2, 'replica+deployed': 3 } as const;
  for (const r of [...model.regions].sort((x, y) => order[x.role] - order[y.role])) {
    const [x, y] = proj.project(r.lon, r.lat);
    const g = svg('g', { class: `region ${r.role.replace('+', '-')}${r.deprecated ? ' deprecated' : ''}`, 'data-code': r.code }, dots);
    const title = svg('title', {}, g);
    title.textContent = regionTitle(r);
    if (r.role === 'replica' || r.role === 'replica+deployed') {
      svg('circle', { class: 'replica-ring', cx: x.toFixed(1), cy: y.toFixed(1), r: 11 }, g);
    }
    if (r.machines > 0) {
      const radius = Math.min(14, 5 + 2.2 * Math.sqrt(r.machines));
      svg('circle', { class: 'machines', cx: x.toFixed(1), cy: y.toFixed(1), r: radius.toFixed(1) }, g);
      const count = svg('text', { class: 'count', x: x.toFixed(1), y: (y + 3.5).toFixed(1) }, g);
      count.textContent = String(r.machines);
    } else {
      svg('circle', { class: 'dot', cx: x.toFixed(1), cy: y.toFixed(1), r: r.role === 'other' ? 2.5 : 4 }, g);
    }
    if (r.role !== 'other') {
      const label = svg('text', { class: 'code', x: (x + 13).toFixed(1), y: (y - 8).toFixed(1) }, g);
      label.textContent = r.code;
    }
  }

  const map = document.getElementById('map')!;
  map.replaceChildren(root);
  document.body.dataset.rendered = String(model.regions.length);
  vscode.postMessage({ type: 'rendered', seq, regions: dots.childElementCount, links: links.querySelectorAll('path.link').length });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = parseToMapWebview(event.data);
  if (msg) render(msg.seq, msg.model);
});
document.getElementById('refresh')?.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
vscode.postMessage({ type: 'ready' });
