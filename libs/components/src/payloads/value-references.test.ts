import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryBlobStore } from './directory-blob-store';
import { text } from 'node:stream/consumers';
import { BadValueReferenceError, loadValue, openJson, resolveReferences, storeValue } from './value-references';

describe('value references', () => {
  let dir: string;
  let store: DirectoryBlobStore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'weft-refs-'));
    store = new DirectoryBlobStore(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stores a value by the SHA-256 of its JSON and reads it back', async () => {
    const value = { items: [1, 2, 3], name: 'é' };
    const json = Buffer.from(JSON.stringify(value));
    const reference = await storeValue(store, value);
    expect(reference).toEqual({
      $weftRef: `sha256:${createHash('sha256').update(json).digest('hex')}`,
      bytes: json.length,
      type: 'object',
    });
    expect(await loadValue(store, reference)).toEqual(value);
    expect((await storeValue(store, 'text')).type).toBe('string');
    expect((await storeValue(store, [1])).type).toBe('array');
  });

  it('resolves references anywhere in the inputs, copying only the way to them', async () => {
    const list = await storeValue(store, [1, 2, 3]);
    const text = await storeValue(store, 'long text');
    const untouched = { a: { b: [1, 2] } };
    const inputs = { data: list, nested: [{ text }, 'plain'], untouched, n: 1 };
    const resolved = (await resolveReferences(store, inputs)) as typeof inputs;
    expect(resolved).toEqual({ data: [1, 2, 3], nested: [{ text: 'long text' }, 'plain'], untouched, n: 1 });
    expect(resolved.untouched).toBe(untouched);
    // The inputs themselves are left as they were.
    expect(inputs.data).toBe(list);
    // The whole input may be one reference.
    expect(await resolveReferences(store, list)).toEqual([1, 2, 3]);
  });

  it('returns inputs without references as they are', async () => {
    const inputs = { a: [{ b: 'c' }], d: null, e: 'x'.repeat(1000) };
    expect(await resolveReferences(store, inputs)).toBe(inputs);
    expect(await resolveReferences(store, 'text')).toBe('text');
    expect(await resolveReferences(store, null)).toBeNull();
  });

  it('refuses malformed references, naming where they are', async () => {
    const good = await storeValue(store, { x: 1 });
    const cases: [unknown, RegExp][] = [
      [{ $weftRef: 'sha256:abc', bytes: 1, type: 'object' }, /^\$\.in\[1\]: malformed value reference/],
      [{ $weftRef: 42, bytes: 1, type: 'object' }, /malformed value reference/],
      [{ ...good, bytes: -1 }, /malformed value reference/],
      [{ ...good, type: 'function' }, /malformed value reference/],
      [{ ...good, extra: true }, /unexpected key\(s\) extra beside \$weftRef/],
    ];
    for (const [reference, message] of cases) {
      const failure = resolveReferences(store, { in: ['ok', reference] });
      await expect(failure).rejects.toThrow(BadValueReferenceError);
      await expect(failure).rejects.toThrow(message);
    }
  });

  it('refuses unknown references and blobs that do not match them', async () => {
    const unknown = { $weftRef: `sha256:${'0'.repeat(64)}`, bytes: 2, type: 'object' };
    await expect(resolveReferences(store, { a: unknown })).rejects.toThrow(/^\$\.a: no value \$weftRef sha256:0+ in/);

    const good = await storeValue(store, { x: 1 });
    await expect(resolveReferences(store, { ...good, bytes: good.bytes + 1 })).rejects.toThrow(
      /does not match its reference/,
    );
    await expect(resolveReferences(store, { ...good, type: 'array' })).rejects.toThrow(/has type object, not array/);

    // A blob whose name is right but content is not JSON (a claim-checked protobuf payload, say).
    const bytes = Buffer.from([0x0a, 0x01, 0x02]);
    const sha = createHash('sha256').update(bytes).digest('hex');
    await mkdir(join(dir, 'sha256', sha.slice(0, 2)), { recursive: true });
    await writeFile(join(dir, 'sha256', sha.slice(0, 2), sha), bytes);
    await expect(
      resolveReferences(store, { $weftRef: `sha256:${sha}`, bytes: bytes.length, type: 'object' }),
    ).rejects.toThrow(/is not a JSON value/);
  });

  it('streams the JSON a reference stands for, checking its length first', async () => {
    const value = { rows: Array.from({ length: 1000 }, (_, i) => ({ i })) };
    const reference = await storeValue(store, value);
    expect(await text(await openJson(store, reference))).toBe(JSON.stringify(value));
    await expect(openJson(store, { ...reference, bytes: reference.bytes - 1 })).rejects.toThrow(
      /does not match its reference/,
    );
    await expect(openJson(store, { ...reference, $weftRef: `sha256:${'1'.repeat(64)}` })).rejects.toThrow(
      BadValueReferenceError,
    );
    await expect(openJson(store, { $weftRef: 'nope' })).rejects.toThrow(/malformed value reference/);
  });

  it('walks deeply nested inputs without overflowing the stack', async () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(await resolveReferences(store, deep)).toBe(deep);
    let around: unknown = await storeValue(store, 'leaf');
    for (let i = 0; i < 100_000; i++) around = [around];
    await expect(resolveReferences(store, around)).rejects.toThrow(/nest too deeply around a value reference/);
  });
});
