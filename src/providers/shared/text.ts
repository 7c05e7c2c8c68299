/** UTF-8 helpers for the providers; they live on the ground floor (core/text.ts), which core/result.ts also uses. */
export { decodeUtf8, encodeUtf8 } from '../../core/text.js';
