/**
 * The demo's CRM: the loopback HubSpot (lib/sources/hubspot/mock.ts) with the team's seed — a
 * colleague's call with Dana Whitfield, her owner, and an open deal of Northwind Traders. Started by
 * scripts/demo.mjs through vite-node; prints `{ url, token }` as one JSON line and serves until killed.
 */
import { startHubSpotMock } from '../lib/sources/hubspot/mock';

const mock = await startHubSpotMock({ team: true });
process.stdout.write(`${JSON.stringify({ url: mock.url, token: mock.token })}\n`);
const stop = () => void mock.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
