// A minimal promise wrapper over one IndexedDB object store (key → bytes): enough for keeping
// unsaved layer edits on this device, without a dependency.
const DB = 'tagteam';
const STORE = 'unsaved-layers';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

async function run<T>(mode: IDBTransactionMode, f: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = f(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** Keys from `prefix` to `prefix` + the highest code unit: every key that starts with it. */
const startingWith = (prefix: string) => IDBKeyRange.bound(prefix, `${prefix}\uffff`);

export const unsavedStore = {
  get: (key: string) => run<unknown>('readonly', (s) => s.get(key)).then((v) => (v instanceof Uint8Array ? v : null)),
  /** Every entry whose key starts with `prefix`, as [key, bytes]. */
  async withPrefix(prefix: string): Promise<Array<[string, Uint8Array]>> {
    const keys = await run<IDBValidKey[]>('readonly', (s) => s.getAllKeys(startingWith(prefix)));
    const values = await run<unknown[]>('readonly', (s) => s.getAll(startingWith(prefix)));
    return keys.flatMap((k, i) => (typeof k === 'string' && values[i] instanceof Uint8Array ? [[k, values[i]] as [string, Uint8Array]] : []));
  },
  put: (key: string, bytes: Uint8Array) => run('readwrite', (s) => s.put(bytes, key)).then(() => undefined),
  delete: (key: string) => run('readwrite', (s) => s.delete(key)).then(() => undefined),
};
