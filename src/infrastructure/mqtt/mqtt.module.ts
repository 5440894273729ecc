import { Global, Module } from '@nestjs/common';
import { MqttClientFactory } from './mqtt-client.factory';
import { MqttHealthCheck } from './mqtt-health';

@Global()
@Module({ providers: [MqttClientFactory, MqttHealthCheck], exports: [MqttClientFactory] })
export class MqttModule {}
