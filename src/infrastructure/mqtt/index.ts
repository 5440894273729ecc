export * from './mqtt-client.factory';
export * from './mqtt.module';
