export {
  startLocalBroker,
  defaultLauncherPath,
  type LocalBroker,
  type LocalBrokerOptions,
  type TopicSpec,
} from './local-broker.js';
