export { buildInsights, type InsightInput } from './build';
export { heatOf, HOT_AT, WARM_AT, WEIGHTS } from './heat';
export { journeyOf } from './journey';
