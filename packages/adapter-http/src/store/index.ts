export { createFileStore, type FileStoreOptions, StoreLockedError } from './file-store.js';
export { createMemoryStore } from './memory-store.js';
export {
  type CasResult,
  isStoreConflictError,
  type Json,
  type Store,
  StoreConflictError,
  updateWithRetry,
  type Versioned,
} from './store.js';
