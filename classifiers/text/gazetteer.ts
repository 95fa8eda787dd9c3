/**
 * Gazetteers shipped in classifiers/data/: the 34 provinces and cities in force since the
 * 2025 merger, the 63 pre-2025 names still in the news, the countries the news names most,
 * and organisation names and titles.
 * Lookups use folded syllables, so "Thanh Hoá", "Thanh Hóa" and "Thanh Hoa" are one key.
 */
import { readFileSync } from 'node:fs';
import { foldDiacritics } from './normalize.js';

export interface Province {
  id: string;
  name: string;
  /** Current units: "city" or "province"; former units: "former". */
  type: 'city' | 'province' | 'former';
  /** For a former (pre-2025) unit, the id of the current unit it belongs to now. */
  mergedInto: string;
}

interface ProvinceFile {
  current: { id: string; name: string; type: 'city' | 'province'; aliases: string[]; mergedFrom: string[] }[];
  former: { id: string; name: string; mergedInto: string; aliases: string[] }[];
}

interface CountryFile {
  countries: { id: string; name: string; aliases: string[] }[];
}

interface OrganizationFile {
  ministries: string[];
  fixed: string[];
  heads: string[];
  levels: string[];
  titles: string[];
}

export interface Gazetteer {
  provinces: Province[];
  /** Folded syllables joined by a space → province or country id (current ids win over former ones). */
  placeByKey: Map<string, string>;
  /** Ids of the countries among the places (the rest are Vietnamese provinces and cities). */
  countryIds: Set<string>;
  placeNames: string[];
  maxPlaceSyllables: number;
  organizations: OrganizationFile;
}

const SYLLABLE = /\d+|[\p{L}\p{M}\p{N}]+/gu;

/** The key of a name: folded syllables joined by one space ("TP.HCM" → "tp hcm"). */
export function gazetteerKey(name: string): string {
  return (foldDiacritics(name.normalize('NFC')).match(SYLLABLE) ?? []).join(' ');
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../data/${file}`, import.meta.url), 'utf8')) as T;
}

let cached: Gazetteer | undefined;

export function loadGazetteer(): Gazetteer {
  if (cached) return cached;
  const file = readJson<ProvinceFile>('provinces-vn.json');
  const organizations = readJson<OrganizationFile>('organizations-vi.json');
  const provinces: Province[] = [];
  const placeByKey = new Map<string, string>();
  const placeNames: string[] = [];
  // The first unit to claim a key keeps it: current provinces, then former ones, then countries.
  const addNames = (id: string, names: readonly string[]): void => {
    for (const name of names) {
      const key = gazetteerKey(name);
      if (!placeByKey.has(key)) placeByKey.set(key, id);
      placeNames.push(name);
    }
  };
  for (const p of file.current) {
    provinces.push({ id: p.id, name: p.name, type: p.type, mergedInto: p.id });
    addNames(p.id, [p.name, ...p.aliases]);
  }
  for (const p of file.former) {
    if (!provinces.some((q) => q.id === p.id)) provinces.push({ id: p.id, name: p.name, type: 'former', mergedInto: p.mergedInto });
    addNames(p.id, [p.name, ...p.aliases]);
  }
  const countryIds = new Set<string>();
  for (const c of readJson<CountryFile>('countries-vi.json').countries) {
    countryIds.add(c.id);
    addNames(c.id, [c.name, ...c.aliases]);
  }
  const maxPlaceSyllables = Math.max(...[...placeByKey.keys()].map((k) => k.split(' ').length));
  cached = { provinces, placeByKey, countryIds, placeNames, maxPlaceSyllables, organizations };
  return cached;
}

/** Whether a place id is a country ("nga"), not a Vietnamese province or city. */
export function isCountry(id: string): boolean {
  return loadGazetteer().countryIds.has(id);
}

/** A province or city by id, current or former. */
export function provinceById(id: string): Province | undefined {
  return loadGazetteer().provinces.find((p) => p.id === id);
}

/** The current (post-2025) unit a place id belongs to: "binh-duong" → "ho-chi-minh". */
export function currentProvinceOf(id: string): string | undefined {
  return provinceById(id)?.mergedInto;
}
