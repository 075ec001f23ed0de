// IndexedDB for Node: Dexie runs on fake-indexeddb exactly as on the browser's database.
import 'fake-indexeddb/auto';
