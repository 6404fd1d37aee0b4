/** What Firefox e2e tests import: `import { launchFirefox, readCard } from './helpers';` */
export { launchFirefox, type FirefoxHarness, type FirefoxLaunchOptions, type FirefoxManifest, type SiteBody } from './launch';
export { firefoxBuildDir } from './paths';
export { registeredMatches } from './registration';
export {
  type CardFacts,
  DANA,
  DANA_LINKEDIN,
  engagementCsv,
  importOnOptionsPage,
  openFixture,
  pageFixture,
  type PageFixture,
  readCard,
  settle,
  sidebarKeys,
  waitForText,
} from './scenario';
