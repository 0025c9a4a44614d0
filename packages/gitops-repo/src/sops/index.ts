export { encryptSecret } from './encryptSecret';
export type { SecretToEncrypt, EncryptSecretOptions } from './encryptSecret';
export { readSopsMetadata, isSopsEncrypted } from './readSopsMetadata';
export type { SopsFileInfo } from './readSopsMetadata';
export { generateAgeIdentity } from './ageKeys';
export type { AgeKeyPair } from './ageKeys';
export { sealRequest } from './sealRequest';
