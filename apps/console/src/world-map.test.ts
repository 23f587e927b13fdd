import { describe, expect, it } from 'vitest';
import { geoEquirectangular } from 'd3-geo';
import { MAP_HEIGHT, MAP_WIDTH, markerXY, renderWorldSvg } from './world-map';

describe('world map', () => {
  it('draws every country of Natural Earth as a named path', () => {
    const svg = renderWorldSvg();
    expect(svg.match(/<path class="country"/g)!.length).toBeGreaterThan(170);
    expect(svg).toContain('<title>Afghanistan</title>');
    expect(svg.length).toBeLessThan(400_000);
  });

  it("places markers where d3's projection does (the page uses the same arithmetic)", () => {
    const p = geoEquirectangular().fitSize([MAP_WIDTH, MAP_HEIGHT], { type: 'Sphere' });
    for (const [lat, lon] of [
      [34.985, 63.128],
      [-33.9, 18.4],
      [64.1, -21.9],
    ] as const) {
      const [x, y] = p([lon, lat])!;
      const [mx, my] = markerXY(lat, lon);
      expect(mx).toBeCloseTo(x, 6);
      expect(my).toBeCloseTo(y, 6);
    }
  });
});
