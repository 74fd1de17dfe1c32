export { createFileStore, type FileStoreOptions, StoreLockedError } from './file-store.js';
export { createMemoryStore } from './memory-store.js';
export {
  type CasResult,
  isStoreConflictError,
  isStoreUnavailableError,
  type Json,
  type Store,
  StoreConflictError,
  StoreUnavailableError,
  updateWithRetry,
  type Versioned,
} from './store.js';
