import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createSecretKey } from 'node:crypto';
import { AppConfig } from '../config';
import { Account } from './account.entity';
import { AccountsService } from './accounts.service';
import { ApiKey } from './api-key.entity';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AdminSessionService } from './admin-session.service';
import { AdminUiGuard } from './admin-ui.guard';
import { SessionController } from './session.controller';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([Account, ApiKey]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: jsonwebtoken otherwise re-parses a string secret on every
        // verify (first as a PEM public key, which throws) and that was a fifth of an API request's CPU.
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')),
        signOptions: { expiresIn: config.auth.jwtTtl as `${number}h`, algorithm: 'HS256', issuer: 'odoo-hub' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'odoo-hub' },
      }),
    }),
  ],
  controllers: [AuthController, SessionController, ApiKeysController],
  providers: [AccountsService, ApiKeysService, AuthGuard, AdminSessionService, AdminUiGuard],
  exports: [AccountsService, ApiKeysService, AuthGuard, AdminSessionService, AdminUiGuard, JwtModule],
})
export class AuthModule {}
