export { startLocalPlatform, type LocalPlatform, type LocalPlatformOptions } from './local-platform.js';
export { serviceTargets, type ServiceTarget } from './service-catalog.js';
export { streamShop, storedEventCounter, type TrafficOptions, type TrafficProgress } from './demo-traffic.js';
