import { randomUUID } from 'node:crypto';
import { MqttClientFactory } from '../../../src/infrastructure/mqtt';
import { createTestApp, type TestApp } from '../../support/app';

describe('MQTT client factory (real broker)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('publishes and receives under the configured topic prefix, with MQTT 5 properties', async () => {
    const mqtt = t.get(MqttClientFactory);
    const sub = await mqtt.connect({ purpose: 'test-sub', uniqueId: true });
    const pub = await mqtt.connect({ purpose: 'test-pub', uniqueId: true });
    const topic = `emit/odo/test/${randomUUID()}/ping`;
    const received = new Promise<{ topic: string; body: string; correlation?: string }>((resolve) =>
      sub.on('message', (brokerTopic, payload, packet) =>
        resolve({ topic: brokerTopic, body: payload.toString(), correlation: packet.properties?.correlationData?.toString() })));
    await sub.subscribeAsync(mqtt.topic(topic), { qos: 1 });
    await pub.publishAsync(mqtt.topic(topic), '{"hello":1}', { qos: 1, properties: { correlationData: Buffer.from('c-1'), messageExpiryInterval: 300 } });
    const msg = await received;
    expect(msg.topic.startsWith(t.config.mqtt.topicPrefix)).toBe(true);
    expect(mqtt.stripPrefix(msg.topic)).toBe(topic);
    expect(msg.body).toBe('{"hello":1}');
    expect(msg.correlation).toBe('c-1');
    expect(mqtt.status().connected).toBeGreaterThanOrEqual(2);
    expect(mqtt.sharedFilter('dt/#')).toBe(`$share/${t.config.mqtt.shareGroup}/${t.config.mqtt.topicPrefix}dt/#`);
  });

  it('ignores topics outside its prefix', () => {
    const mqtt = t.get(MqttClientFactory);
    expect(mqtt.stripPrefix('dt/arm/bms/ph/F7/X')).toBeUndefined();
  });
});
