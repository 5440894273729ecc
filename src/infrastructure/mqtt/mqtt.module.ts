import { Global, Module } from '@nestjs/common';
import { MqttClientFactory } from './mqtt-client.factory';

@Global()
@Module({ providers: [MqttClientFactory], exports: [MqttClientFactory] })
export class MqttModule {}
