import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  BUNDLED_REGIONS,
  bundledCatalog,
  customFootprint,
  describeFootprint,
  distanceKm,
  EARTH_RADIUS_KM,
  estimatedRttMs,
  groupFootprint,
  mergeCatalog,
  nearestRegion,
  normalizeRegionGroup,
  parseFootprintList,
  parsePlatformRegions,
  regionDistanceKm,
  suggestRegions,
} from '../../../../src/core/regions';

const fixtures = path.join(__dirname, '../../../fixtures/flyctl');
const readJson = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));

describe('regions: bundled table', () => {
  it('holds exactly the compiled reference: codes, names, status, replacements, coordinates', () => {
    const ref = readJson('fly-regions.compiled-reference.json') as {
      regions: Array<{
        code: string;
        name: string;
        status: string;
        replacement: string | null;
        latitude_thirdparty: number;
        longitude_thirdparty: number;
      }>;
    };
    assert.equal(BUNDLED_REGIONS.length, ref.regions.length);
    for (const r of ref.regions) {
      const b = bundledCatalog().get(r.code);
      assert.ok(b, r.code);
      assert.deepEqual(
        [b.name, b.status, b.replacement, b.latitude, b.longitude],
        [r.name, r.status, r.replacement, r.latitude_thirdparty, r.longitude_thirdparty],
        r.code,
      );
    }
  });
  it('has 18 current and 17 deprecated regions, every replacement current', () => {
    const cat = bundledCatalog();
    assert.deepEqual(
      cat.current().map((r) => r.code),
      [
        'ams',
        'arn',
        'bom',
        'cdg',
        'dfw',
        'ewr',
        'fra',
        'gru',
        'iad',
        'jnb',
        'lax',
        'lhr',
        'nrt',
        'ord',
        'sin',
        'sjc',
        'syd',
        'yyz',
      ],
    );
    const dep = cat.all().filter((r) => r.status === 'deprecated');
    assert.equal(dep.length, 17);
    for (const d of dep) assert.equal(cat.get(d.replacement!)?.status, 'current', d.code);
  });
  it('looks codes up case-insensitively', () => {
    assert.equal(bundledCatalog().get(' LHR ')?.code, 'lhr');
    assert.equal(bundledCatalog().get('xyz'), undefined);
  });
});

describe('regions: distance and round trip', () => {
  const table: Array<[string, string, number]> = [
    // Great-circle figures from the bundled coordinates, checked against published city distances (±2%).
    ['lhr', 'fra', 640],
    ['lhr', 'sjc', 8620],
    ['iad', 'ord', 920],
    ['sjc', 'iad', 3850],
    ['nrt', 'syd', 7800],
  ];
  for (const [a, b, km] of table) {
    it(`${a}–${b} ≈ ${km} km`, () => {
      const d = regionDistanceKm(a, b, bundledCatalog())!;
      assert.ok(Math.abs(d - km) / km < 0.02, `${a}-${b}: ${d}`);
      assert.equal(regionDistanceKm(b, a, bundledCatalog()), d);
    });
  }
  it('is 0 to itself and half the circumference to the antipode', () => {
    assert.equal(distanceKm({ latitude: 10, longitude: 20 }, { latitude: 10, longitude: 20 }), 0);
    const half = distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 });
    assert.ok(Math.abs(half - Math.PI * EARTH_RADIUS_KM) < 1e-6);
  });
  it('never returns NaN and stays within half the circumference', () => {
    const ll = fc.record({
      latitude: fc.double({ min: -90, max: 90, noNaN: true }),
      longitude: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    fc.assert(
      fc.property(ll, ll, (a, b) => {
        const d = distanceKm(a, b);
        return Number.isFinite(d) && d >= 0 && d <= Math.PI * EARTH_RADIUS_KM + 1e-6;
      }),
    );
  });
  it('estimates a round trip: 2 ms overhead plus 1.5x the path at 200 km/ms, both ways', () => {
    assert.equal(estimatedRttMs(0), 2);
    assert.equal(estimatedRttMs(1000), 17);
    const lhrSjc = estimatedRttMs(regionDistanceKm('lhr', 'sjc', bundledCatalog())!);
    assert.ok(lhrSjc > 120 && lhrSjc < 140, String(lhrSjc));
  });
  it('returns null for unknown regions', () => {
    assert.equal(regionDistanceKm('lhr', 'zzz', bundledCatalog()), null);
  });
});

describe('regions: nearest footprint region', () => {
  const eu = groupFootprint('eu').regions;
  const us = groupFootprint('us').regions;
  const table: Array<[string, readonly string[], string]> = [
    ['sjc', eu, 'lhr'],
    ['cdg', eu, 'lhr'],
    ['waw', eu, 'arn'],
    ['otp', eu, 'fra'],
    ['ams', eu, 'lhr'],
    ['nrt', us, 'sjc'],
    ['ewr', us, 'iad'],
    ['dfw', us, 'ord'],
    ['lhr', eu, 'lhr'],
  ];
  for (const [from, fp, want] of table) {
    it(`${from} → ${want}`, () => {
      const n = nearestRegion(from, fp, bundledCatalog());
      assert.equal(n?.code, want);
      if (from === want) assert.deepEqual([n?.km, n?.rttMs], [0, 2]);
    });
  }
  it('treats distances within 1% as a tie, won by the footprint order', () => {
    // sjc is 8,616 km from arn and 8,631 km from lhr (bundled coordinates).
    assert.equal(nearestRegion('sjc', ['arn', 'lhr'], bundledCatalog())?.code, 'arn');
    assert.equal(nearestRegion('sjc', ['lhr', 'arn'], bundledCatalog())?.code, 'lhr');
    assert.equal(nearestRegion('sjc', ['fra', 'arn'], bundledCatalog())?.code, 'arn');
  });
  it('is null for an unknown region or an empty footprint', () => {
    assert.equal(nearestRegion('zzz', eu, bundledCatalog()), null);
    assert.equal(nearestRegion('lhr', [], bundledCatalog()), null);
  });
});

describe('regions: parsePlatformRegions', () => {
  it('reads the snake_case shape (flyctl >= v0.3.121); 0,0 coordinates mean unknown', () => {
    const r = parsePlatformRegions(readJson('platform-regions.from-flyctl-test.json'));
    assert.deepEqual(r, {
      ok: true,
      value: [
        {
          code: 'iad',
          name: 'Ashburn, Virginia (US)',
          latitude: null,
          longitude: null,
          gatewayAvailable: false,
          requiresPaidPlan: false,
          deprecated: false,
          geoRegion: 'north_america',
        },
        {
          code: 'arn',
          name: 'Stockholm, Sweden',
          latitude: null,
          longitude: null,
          gatewayAvailable: false,
          requiresPaidPlan: false,
          deprecated: false,
          geoRegion: 'europe',
        },
      ],
    });
  });
  it('reads the PascalCase shape (flyctl <= v0.3.120)', () => {
    const r = parsePlatformRegions(
      readJson('platform-regions.legacy-pre-v0.3.121.synthesized.json'),
    );
    assert.deepEqual(r, {
      ok: true,
      value: [
        {
          code: 'arn',
          name: 'Stockholm, Sweden',
          latitude: 59.6512,
          longitude: 17.9178,
          gatewayAvailable: false,
          requiresPaidPlan: false,
          deprecated: null,
          geoRegion: null,
        },
        {
          code: 'iad',
          name: 'Ashburn, Virginia (US)',
          latitude: 39.02214,
          longitude: -77.462556,
          gatewayAvailable: true,
          requiresPaidPlan: false,
          deprecated: null,
          geoRegion: null,
        },
      ],
    });
  });
  it('reads the Machines API envelope and skips unusable elements', () => {
    const r = parsePlatformRegions({
      Regions: [{ code: 'LHR' }, { code: 'lhr' }, { code: 7 }, 'x', null, { code: 'toolong' }],
      Nearest: 'lhr',
    });
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((x) => x.code),
      ['lhr'],
    );
  });
  const bad: unknown[] = [null, 'text', 42, { regions: 'no' }, {}];
  for (const b of bad) {
    it(`rejects ${JSON.stringify(b)}`, () => assert.equal(parsePlatformRegions(b).ok, false));
  }
  it('never throws on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => typeof parsePlatformRegions(v).ok === 'boolean'));
  });
});

describe('regions: live catalog merged over the bundled table', () => {
  it('keeps live regions current and marks the rest deprecated with the nearest live replacement', () => {
    const live = parsePlatformRegions(readJson('platform-regions.from-flyctl-test.json'));
    assert.ok(live.ok);
    const cat = mergeCatalog(live.value);
    assert.deepEqual(
      cat.current().map((r) => r.code),
      ['arn', 'iad'],
    );
    // Coordinates fall back to the bundled ones when flyctl printed 0,0.
    assert.equal(cat.get('iad')?.latitude, 39.02214);
    assert.deepEqual([cat.get('lhr')?.status, cat.get('lhr')?.replacement], ['deprecated', 'arn']);
    // atl's bundled replacement (dfw) is not live: the nearest live region replaces it.
    assert.deepEqual([cat.get('atl')?.status, cat.get('atl')?.replacement], ['deprecated', 'iad']);
    assert.match(cat.source, /platform regions/);
  });
  it('adds regions the bundled table does not know, and trusts an explicit deprecated flag', () => {
    const cat = mergeCatalog([
      {
        code: 'xyz',
        name: 'New Place',
        latitude: 1,
        longitude: 2,
        gatewayAvailable: null,
        requiresPaidPlan: null,
        deprecated: false,
        geoRegion: null,
      },
      {
        code: 'atl',
        name: null,
        latitude: null,
        longitude: null,
        gatewayAvailable: null,
        requiresPaidPlan: null,
        deprecated: false,
        geoRegion: null,
      },
      {
        code: 'lhr',
        name: null,
        latitude: null,
        longitude: null,
        gatewayAvailable: null,
        requiresPaidPlan: null,
        deprecated: true,
        geoRegion: null,
      },
    ]);
    assert.deepEqual(cat.get('xyz'), {
      code: 'xyz',
      name: 'New Place',
      status: 'current',
      replacement: null,
      latitude: 1,
      longitude: 2,
      geoRegion: null,
    });
    assert.equal(cat.get('atl')?.status, 'current');
    assert.equal(cat.get('atl')?.name, 'Atlanta, Georgia (US)');
    assert.equal(cat.get('lhr')?.status, 'deprecated');
  });
  it('keeps a bundled deprecation when the live list (old flyctl) has no deprecated field', () => {
    const cat = mergeCatalog([
      {
        code: 'atl',
        name: 'Atlanta',
        latitude: null,
        longitude: null,
        gatewayAvailable: null,
        requiresPaidPlan: null,
        deprecated: null,
        geoRegion: null,
      },
      {
        code: 'dfw',
        name: 'Dallas',
        latitude: null,
        longitude: null,
        gatewayAvailable: null,
        requiresPaidPlan: null,
        deprecated: null,
        geoRegion: null,
      },
    ]);
    assert.deepEqual([cat.get('atl')?.status, cat.get('atl')?.replacement], ['deprecated', 'dfw']);
  });
  it('an empty live list leaves the bundled table as it is', () => {
    assert.equal(mergeCatalog([]), bundledCatalog());
  });
});

describe('regions: Region Groups and footprints', () => {
  const table: Array<[string, string | null]> = [
    ['eu', 'eu'],
    ['EU', 'eu'],
    ['eu-std', 'eu'],
    [' us-std ', 'us'],
    ['us', 'us'],
    ['global', 'global'],
    ['classic', 'global'],
    ['Classic', 'global'],
    ['', null],
    ['europe', null],
    ['us-east', null],
    ['lhr', null],
  ];
  for (const [input, want] of table) {
    it(`normalizeRegionGroup(${JSON.stringify(input)}) = ${want}`, () =>
      assert.equal(normalizeRegionGroup(input), want));
  }
  it('describes footprints', () => {
    assert.equal(describeFootprint(groupFootprint('eu')), 'EU Region Group (lhr, arn, fra)');
    assert.equal(describeFootprint(groupFootprint('us')), 'US Region Group (sjc, ord, iad)');
    assert.equal(describeFootprint(groupFootprint('global')), 'Global Region Group');
    assert.equal(describeFootprint(customFootprint(['lhr', 'fra'])), 'custom footprint (lhr, fra)');
  });
  const lists: Array<[string[], { ok: true; regions: string[] } | { ok: false; error: string }]> = [
    [['lhr,fra'], { ok: true, regions: ['lhr', 'fra'] }],
    [['LHR', 'fra', 'lhr'], { ok: true, regions: ['lhr', 'fra'] }],
    [['lhr,,fra,'], { ok: true, regions: ['lhr', 'fra'] }],
    [['lhx'], { ok: false, error: "'lhx' is not a Fly region; did you mean lax, lhr?" }],
    [['lhr,london'], { ok: false, error: "'london' is not a Fly region; did you mean lhr?" }],
    [
      ['atl'],
      { ok: false, error: "'atl' (Atlanta, Georgia (US)) is a retired Fly region; use dfw" },
    ],
    [['qqqqqq'], { ok: false, error: "'qqqqqq' is not a Fly region" }],
    [[''], { ok: false, error: 'the footprint names no region' }],
  ];
  for (const [input, want] of lists) {
    it(`parseFootprintList(${JSON.stringify(input)})`, () =>
      assert.deepEqual(parseFootprintList(input, bundledCatalog()), want));
  }
  it('suggests close codes and matches names', () => {
    assert.deepEqual(suggestRegions('frankfurt', bundledCatalog()), ['fra']);
    assert.ok(suggestRegions('sjx', bundledCatalog()).includes('sjc'));
    assert.deepEqual(suggestRegions('lrh', bundledCatalog()), ['lhr']);
    assert.deepEqual(suggestRegions('', bundledCatalog()), []);
  });
});
