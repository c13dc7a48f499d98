import { storableJson, unstorableTextIssues } from './storable-text';

describe('text the database can store', () => {
  it('finds NUL characters and lone surrogates in values and keys, with their JSON paths', () => {
    const body = {
      ok: 'héllo 👋',
      nul: 'a\u0000b',
      list: ['fine', '\ud800'],
      nested: { ['k\udc00']: 1, pair: '\ud83d\ude00' },
    };
    expect(unstorableTextIssues(body)).toEqual([
      { path: '$.nul', message: 'holds a NUL character (\\u0000), which cannot be stored' },
      { path: '$.list[1]', message: 'holds a lone UTF-16 surrogate (\\ud800), which is not valid Unicode' },
      {
        path: '$.nested["k\\udc00"]',
        message: 'its key holds a lone UTF-16 surrogate (\\udc00), which is not valid Unicode',
      },
    ]);
    expect(unstorableTextIssues({ fine: ['a', { b: 'c' }], n: 1, z: null })).toEqual([]);
  });

  it('replaces them with U+FFFD in what Weft stores itself, keeping everything else', () => {
    expect(storableJson({ a: 'x\u0000y', ['\ud800']: ['\udc00z', 3, true, null], ok: '😀' })).toEqual({
      a: 'x\uFFFDy',
      '\uFFFD': ['\uFFFDz', 3, true, null],
      ok: '😀',
    });
  });
});
