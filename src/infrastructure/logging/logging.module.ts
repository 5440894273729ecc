import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { AppConfig } from '../config';
import { currentRequestId } from '../http/request-context';

/** Fields that must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'req.headers.authorizationtoken',
  'req.headers["x-hub-signature"]', 'res.headers["set-cookie"]',
  '*.password', '*.token', '*.apiKey', '*.api_key', '*.secret', '*.access_token', '*.authorization',
];

/** The CLI keeps stdout for its results: its logs go to stderr, and `info` chatter is raised to `warn`. */
const cliLevel = (level: string) => (level === 'info' ? 'warn' : level);

/**
 * JSON logs through pino (pretty-printed in development), with the request id on every line:
 * from pino-http inside a request, from async-local storage inside jobs and consumers.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const fd = config.isCli ? 2 : 1;
        const options: PinoHttpOptions = {
          level: config.isCli ? cliLevel(config.app.logLevel) : config.app.logLevel,
          genReqId: (req) => (req as unknown as { id: string }).id,
          customProps: () => ({}),
          mixin: () => {
            const requestId = currentRequestId();
            return requestId ? { requestId } : {};
          },
          redact: { paths: REDACTED_PATHS, censor: '***' },
          autoLogging: { ignore: (req) => ['/health', '/health/ready', '/metrics'].includes((req.url ?? '').split('?')[0]) },
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          ...(config.app.nodeEnv === 'development'
            ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', destination: fd } } }
            : {}),
        };
        // A transport writes on its own; otherwise pino writes to fd 1 (the app) or 2 (the CLI).
        return { pinoHttp: options.transport || fd === 1 ? options : [options, pino.destination({ fd, sync: true })] };
      },
    }),
  ],
})
export class LoggingModule {}
