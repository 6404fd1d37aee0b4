/** What e2e tests import: `import { launchExtension, startLoopbackServer } from './helpers';` */
export { launchExtension, type ExtensionHarness, type LaunchOptions, type SiteBody } from './launch';
export { closedPort, startLoopbackServer, type LoopbackHandler, type LoopbackResponse, type LoopbackServer, type RecordedRequest } from './loopback';
export { readBuiltManifest, type BuiltManifest } from './manifest';
export { extensionBuildDir, PROJECT_ROOT } from './paths';
export type { CspViolation } from './csp';
export { sidebar, SIDEBAR_HOST, type Sidebar, type SidebarTarget } from './sidebar.mjs';
export { registeredMatches } from './content-script';
export { tabIdOf } from './tabs';
export { openNoDataGroup } from './no-data-group';
