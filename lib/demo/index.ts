export { DEMO_ORIGIN, demoDataset, type DemoDataset, type DemoRow } from './dataset';
export { loadDemoData, removeDemoData, type DemoSummary, type LoadDemoOptions } from './load';
