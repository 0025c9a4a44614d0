export {
  isValidVersion,
  isPrerelease,
  compareVersions,
  sortVersions,
  checkVersion,
  isoDate,
  isValidIsoDate,
} from './versions';
