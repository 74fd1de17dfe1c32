export { HttpError, isHttpError } from './http-error.js';
export { errorCode, isNetworkError, NetworkError } from './network-error.js';
export { RedirectError, ResponseTooLargeError, UnexpectedResponseError } from './response-errors.js';
export { isTeleSignError, TeleSignError } from './telesign-error.js';
export { isTimeoutError, TimeoutError } from './timeout-error.js';
