export { DEMO_ORIGIN, demoDataset, type DemoDataset, type DemoRow } from './dataset';
export { loadDemoData, removeDemoData, type LoadDemoOptions } from './load';
