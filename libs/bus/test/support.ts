import { type Event, Topics, type TopicDefinition } from '@demand/contracts';

export { eventually, recordingLogger, type LogLine, viewEvent } from '@demand/testkit';

/** A topic shaped like events.raw.v1 under a name of the test's own. */
export function testTopic(name: string, partitions = 3): TopicDefinition<Event> {
  return { ...Topics.eventsRaw, name, dlq: `${name}.dlq`, partitions };
}

export function transientError(message: string): Error {
  return Object.assign(new Error(message), { transient: true });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
