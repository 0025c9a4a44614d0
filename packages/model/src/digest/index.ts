export { computeComponentDigest, canonicalJson, hashValue } from './digest';
