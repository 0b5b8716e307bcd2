export {
  startServiceProcess,
  ServiceStartError,
  type ServiceProcess,
  type ServiceProcessOptions,
} from './service-process.js';
