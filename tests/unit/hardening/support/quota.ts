/**
 * A disk of fixed size under fake-indexeddb: every stored value counts its JSON length, deletes free
 * it, and a write that does not fit fails the way browsers fail it — the request errors with a
 * `QuotaExceededError` and the transaction aborts, so nothing of it is stored.
 */
import { IDBCursor as FDBCursor, IDBObjectStore as FDBObjectStore } from 'fake-indexeddb';

type Store = InstanceType<typeof FDBObjectStore>;

interface Patched {
  restore(): void;
  used(): number;
}

export function limitStorage(capacityBytes: number): Patched {
  const sizes = new Map<string, number>();
  let used = 0;
  let serial = 0;
  const id = (store: Store, key: unknown) => `${store.transaction.db.name}/${store.name}/${JSON.stringify(key)}`;
  const keyOf = (store: Store, value: unknown, key: unknown) => {
    if (key !== undefined) return key;
    if (typeof store.keyPath === 'string') return (value as Record<string, unknown>)[store.keyPath] ?? `auto-${serial++}`;
    return `auto-${serial++}`;
  };

  const proto = FDBObjectStore.prototype;
  const originals = { put: proto.put, add: proto.add, delete: proto.delete, clear: proto.clear, cursorDelete: FDBCursor.prototype.delete };

  function write(this: Store, original: typeof proto.put, value: unknown, key?: unknown) {
    const entry = id(this, keyOf(this, value, key));
    const size = JSON.stringify(value)?.length ?? 0;
    const next = used - (sizes.get(entry) ?? 0) + size;
    if (next > capacityBytes) {
      // Through fake-indexeddb's own request queue, so the request fails and the transaction aborts
      // with the quota error, in the order a browser reports them.
      const queue = this.transaction as unknown as { _execRequestAsync(request: { operation(): never; source: unknown }): IDBRequest };
      return queue._execRequestAsync({
        operation: () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        },
        source: this,
      });
    }
    const request = original.call(this, value, key as never);
    // Counted once the write cannot be rolled back any more.
    this.transaction.addEventListener('complete', () => {
      used = used - (sizes.get(entry) ?? 0) + size;
      sizes.set(entry, size);
    });
    return request;
  }
  proto.put = function put(value, key) {
    return write.call(this, originals.put, value, key);
  };
  proto.add = function add(value, key) {
    return write.call(this, originals.add, value, key);
  };
  proto.delete = function del(key) {
    const entry = id(this, key);
    this.transaction.addEventListener('complete', () => {
      used -= sizes.get(entry) ?? 0;
      sizes.delete(entry);
    });
    return originals.delete.call(this, key);
  };
  FDBCursor.prototype.delete = function cursorDelete() {
    const store = this.source instanceof FDBObjectStore ? this.source : (this.source as { objectStore: Store }).objectStore;
    const entry = id(store, this.primaryKey);
    store.transaction.addEventListener('complete', () => {
      used -= sizes.get(entry) ?? 0;
      sizes.delete(entry);
    });
    return originals.cursorDelete.call(this);
  };
  proto.clear = function clear() {
    const prefix = `${this.transaction.db.name}/${this.name}/`;
    this.transaction.addEventListener('complete', () => {
      for (const [entry, size] of sizes) {
        if (entry.startsWith(prefix)) {
          used -= size;
          sizes.delete(entry);
        }
      }
    });
    return originals.clear.call(this);
  };

  return {
    used: () => used,
    restore() {
      Object.assign(proto, { put: originals.put, add: originals.add, delete: originals.delete, clear: originals.clear });
      FDBCursor.prototype.delete = originals.cursorDelete;
    },
  };
}
