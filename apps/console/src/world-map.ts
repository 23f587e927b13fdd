import { readFileSync } from 'node:fs';
import { geoEquirectangular, geoPath } from 'd3-geo';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { feature } from 'topojson-client';

/**
 * The map is drawn once, on the server, from Natural Earth country outlines (the `world-atlas`
 * package's TopoJSON through `topojson-client` and `d3-geo`): no tiles, no network, and the
 * browser gets one SVG. The projection is plate carrée over the whole sphere, so the browser
 * places a marker with two lines of arithmetic (see markerXY in public/map.js) instead of
 * shipping d3 to the page.
 */
export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 480;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderWorldSvg(resolution: '110m' | '50m' = '110m'): string {
  const file = require.resolve(`world-atlas/countries-${resolution}.json`);
  const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const countries = feature(topology, topology.objects.countries);
  const projection = geoEquirectangular().fitSize([MAP_WIDTH, MAP_HEIGHT], { type: 'Sphere' });
  const path = geoPath(projection);
  // Rounding to 0.1 unit keeps the file small (~1/3) at no visible cost at this scale.
  const round = (d: string) => d.replace(/\d+\.\d+/g, (n) => (Math.round(Number(n) * 10) / 10).toString());
  const shapes = countries.features
    .map((f) => {
      const d = path(f);
      return d
        ? `<path class="country" d="${round(d)}"><title>${esc(f.properties?.name ?? '')}</title></path>`
        : '';
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" role="img" aria-label="World map">` +
    `<rect class="sea" width="${MAP_WIDTH}" height="${MAP_HEIGHT}"/>` +
    `<g class="countries">${shapes}</g><g class="markers"></g></svg>`
  );
}

/** Where a coordinate lands on the SVG (the same formula as the page's). */
export function markerXY(lat: number, lon: number): [number, number] {
  return [((lon + 180) / 360) * MAP_WIDTH, ((90 - lat) / 180) * MAP_HEIGHT];
}
