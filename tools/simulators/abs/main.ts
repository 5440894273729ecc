import { startAbsSimulator } from './abs-simulator';

/** `npm run sim:abs`: the ABS simulator on the local broker, REST on ABS_SIM_PORT (default ephemeral). */
async function main(): Promise<void> {
  const sim = await startAbsSimulator({
    mqttUrl: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    topicPrefix: process.env.MQTT_TOPIC_PREFIX ?? '',
    http: { port: Number(process.env.ABS_SIM_PORT ?? 0), token: process.env.ABS_API_TOKEN },
    faults: { delayMs: Number(process.env.ABS_SIM_DELAY_MS ?? 0) },
    webhook: process.env.ABS_SIM_WEBHOOK_URL && process.env.ABS_WEBHOOK_SECRET ? { url: process.env.ABS_SIM_WEBHOOK_URL, secret: process.env.ABS_WEBHOOK_SECRET } : undefined,
  });
  process.stdout.write(`ABS simulator: MQTT ${process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883'}, REST ${sim.url}, ${sim.store.templates.size} plan templates\n`);
  const stop = () => void sim.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
